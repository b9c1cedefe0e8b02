package dev.discovery.benchmarks.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.discovery.benchmarks.SuiteSettings;
import dev.discovery.benchmarks.cluster.ClusterBenchmark.Figures;
import dev.discovery.benchmarks.cluster.ClusterBenchmark.Round;
import dev.discovery.benchmarks.load.RunResult;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterReportTests {

	@TempDir
	Path dir;

	@Test
	void eachScenarioShouldCompareTheBetterRoundOfEachMode() throws Exception {
		String text = write(List.of(round("memory", 1, 1, 20_000, 30_000, 40), round("cluster", 1, 2, 8_000, 12_000, 30),
				round("cluster", 2, 3, 12_000, 27_000, 50), round("memory", 2, 4, 24_000, 25_000, 60)));
		// Heartbeats: memory's round 2 (24,000) against the cluster's round 2 (12,000); reads: memory's round 1
		// (30,000) against the cluster's round 2 (27,000): each scenario picks its own better round.
		assertThat(text).contains("| heartbeats/s | 24,000 | 12,000 | 50% | 2 / 2 |");
		assertThat(text).contains("| `GET` one service of 100, req/s | 30,000 | 27,000 | 90% | 1 / 2 |");
		// Propagation: the lowest p99 of each mode, memory round 1 (40 ms) and cluster round 1 (30 ms).
		assertThat(text).contains("| change → 1000 watchers, p99 ms | 40.00 | 30.00 | 0.8× | 1 / 1 |");
		// The cost table shows the round each figure came from: memory's heartbeat round 2 cost 20 ms per 1,000.
		assertThat(text).contains("| heartbeat | 20.00 | 5.00 | 7 |");
	}

	@Test
	void everyRoundShouldBeListedInTheOrderItRanWithItsGcPausesAndTheJvmOptions() throws Exception {
		String text = write(List.of(round("memory", 1, 1, 20_000, 30_000, 40), round("cluster", 1, 2, 8_000, 12_000, 30),
				round("cluster", 2, 3, 12_000, 27_000, 50), round("memory", 2, 4, 24_000, 25_000, 60)));
		assertThat(text).contains("| mode | round | in the run | load | registrations/s | heartbeats/s |");
		assertThat(text).containsSubsequence("| memory | 1 | 1 | 3.0 | 5,000 | 20,000 | 30,000 |",
				"| cluster | 1 | 2 | 3.0 | 5,000 | 8,000 (2) | 12,000 |", "| cluster | 2 | 3 |", "| memory | 2 | 4 |");
		assertThat(text).contains("| 40.0 / 40.0 |");
		assertThat(text).contains("order alternating (memory, cluster, cluster, memory)");
		assertThat(text).contains("`java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseG1GC -jar ");
		assertThat(text).contains("memory mode 5 rounds of 12 s, cluster mode 7 rounds of 12 s");
		// GC pauses of the answering JVM per scenario and round: the heartbeat's pause is the round's number.
		assertThat(text).contains("| mode | round | ceiling (`GET /health/live`), empty registry | register | heartbeat |");
		assertThat(text).contains("| cluster | 2 | 0 | 0 | 2 | 0 | 0 | 0 |");
		assertThat(text).contains("Errors over every round: memory 0, cluster 2.");
	}

	@Test
	void theRoundsShouldAlternateWhichModeGoesFirst() {
		assertThat(ClusterBenchmark.order(3)).containsExactly("memory", "cluster", "cluster", "memory", "memory",
				"cluster");
		List<String> rest = new ArrayList<>();
		assertThat(ClusterBenchmark.rounds(new String[] { "--duration=3s", "--rounds=3", "--no-jmh" }, rest))
			.isEqualTo(3);
		assertThat(rest).containsExactly("--duration=3s", "--no-jmh");
		assertThat(ClusterBenchmark.rounds(new String[0], new ArrayList<>())).isEqualTo(ClusterBenchmark.DEFAULT_ROUNDS);
	}

	private String write(List<Round> rounds) throws Exception {
		SuiteSettings settings = SuiteSettings.parse(new String[] { "--out=" + this.dir.resolve("benchmarks.md") });
		Map<String, Integer> warmUps = new LinkedHashMap<>();
		warmUps.put("memory", 5);
		warmUps.put("cluster", 7);
		new ClusterReport(settings, 10_000, 1000, 2, warmUps, rounds).write();
		return Files.readString(this.dir.resolve("benchmarks-cluster.md"));
	}

	/** A round whose figures are its heartbeats, reads and propagation p99; its heartbeat GC pause is its number. */
	private static Round round(String mode, int round, int position, double heartbeats, double reads, long p99) {
		long errors = (mode.equals("cluster") && round == 1) ? 2 : 0;
		Map<String, PhaseCosts.Phase> phases = new LinkedHashMap<>();
		for (String name : List.of(ClusterBenchmark.CEILING, ClusterBenchmark.REGISTER, ClusterBenchmark.HEARTBEAT,
				ClusterBenchmark.QUIET, ClusterBenchmark.READ, ClusterBenchmark.CEILING_AFTER)) {
			double cpu = name.equals(ClusterBenchmark.HEARTBEAT) ? 10 * round : 1;
			double gc = name.equals(ClusterBenchmark.HEARTBEAT) ? round : 0;
			List<Double> replicas = mode.equals("memory") ? List.of(cpu) : List.of(cpu, 1.0);
			phases.put(name, new PhaseCosts.Phase(1000, 5, replicas, mode.equals("memory") ? 0 : 3, 5,
					mode.equals("memory") ? List.of(gc) : List.of(gc, 0.0), 0, 10, 10, 0, 10, 0, List.of(), 7));
		}
		List<PropagationFigures.Sample> samples = List.of(new PropagationFigures.Sample(p99 * 1_000_000, 0, 0, 0));
		ProcessCosts.Cost cost = new ProcessCosts.Cost(List.of(1.0), 0, 1, List.of(0.0), List.of(Map.of()));
		return new Round(mode, round, position, new Figures(result(20_000, 0), result(5_000, 0),
				result(heartbeats, errors), result(reads, 0), result(20_000, 0),
				PropagationFigures.Result.of(1000, samples, List.of(1_000_000L), cost), phases, 3, 4));
	}

	private static RunResult result(double perSecond, long errors) {
		return new RunResult("scenario", 16, (long) (perSecond * 5), errors, Duration.ofSeconds(5), 500_000,
				2_000_000, 9_000_000);
	}

}
