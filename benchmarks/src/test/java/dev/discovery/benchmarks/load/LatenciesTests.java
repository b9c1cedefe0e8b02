package dev.discovery.benchmarks.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTests {

	@Test
	void percentilesShouldUseNearestRank() {
		Latencies a = new Latencies();
		Latencies b = new Latencies();
		for (int i = 1; i <= 100; i++) {
			((i % 2 == 0) ? a : b).record(i);
		}
		long[] sorted = Latencies.mergeSorted(List.of(a, b));
		assertThat(sorted).hasSize(100).startsWith(1, 2, 3);
		assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50);
		assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99);
		assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100);
		assertThat(Latencies.percentile(new long[0], 99)).isZero();
	}

}
