package dev.discovery.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoundsTests {

	@Test
	void theBetterRoundShouldBeTheOneWithTheHighestThroughput() {
		RunResult slow = result(10_000, 0);
		RunResult fast = result(25_000, 0);
		assertThat(Rounds.best(Stream.of(slow, fast, result(20_000, 0)))).isSameAs(fast);
		assertThatThrownBy(() -> Rounds.best(Stream.empty())).isInstanceOf(java.util.NoSuchElementException.class);
	}

	@Test
	void everyRoundShouldBeARowWithItsErrorsInBrackets() {
		List<String> table = Rounds.table(List.of("mode", "round"), List.of("reads", "writes"),
				List.of(Rounds.Row.of(List.of("memory", "1"), List.of(result(12_345, 0), result(1_000, 3))),
						new Rounds.Row(List.of("cluster", "2"), List.of("9,000", "41.0 ms"))));
		assertThat(table).containsExactly("| mode | round | reads | writes |", "|---|---:|---:|---:|",
				"| memory | 1 | 12,345 | 1,000 (3) |", "| cluster | 2 | 9,000 | 41.0 ms |");
	}

	private static RunResult result(double perSecond, long errors) {
		return new RunResult("scenario", 16, (long) (perSecond * 10), errors, Duration.ofSeconds(10), 1, 2, 3);
	}

}
