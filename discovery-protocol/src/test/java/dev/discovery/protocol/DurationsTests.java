package dev.discovery.protocol;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTests {

	@Test
	void parseShouldReadEachUnit() {
		assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
		assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void parseShouldAcceptIso8601() {
		assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void parseShouldRejectNegativeAndUnitless() {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("-5s"));
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("15"));
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("PT-5S")).withMessageContaining("PT-5S");
	}

	@Test
	void parseShouldRejectDurationsLongerThanTheWireMaximum() {
		assertThat(Durations.parse("PT876000H")).isEqualTo(Durations.MAX);
		for (String tooLong : new String[] { "PT876001H", "999999999h", "PT9999999999999H", "P99999D" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(tooLong))
				.withMessageContaining("too long");
		}
		assertThat(Durations.MAX.toNanos()).isPositive();
	}

	@Test
	void formatShouldUseTheLargestExactUnit() {
		assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void formatShouldRoundTripThroughParse() {
		for (Duration duration : new Duration[] { Duration.ofMillis(250), Duration.ofSeconds(15), Duration.ofHours(3) }) {
			assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
		}
	}

}
