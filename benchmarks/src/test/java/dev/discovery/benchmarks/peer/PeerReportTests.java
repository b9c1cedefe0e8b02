package dev.discovery.benchmarks.peer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.discovery.benchmarks.load.RunResult;
import dev.discovery.benchmarks.peer.PeerComparison.Measured;
import dev.discovery.benchmarks.peer.PeerComparison.Payload;
import dev.discovery.benchmarks.peer.Target.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

class PeerReportTests {

	@TempDir
	Path dir;

	@Test
	void comparisonShouldShowBothRegistriesTheBetterRoundAndTheRatio() throws Exception {
		Path report = this.dir.resolve("benchmarks.md");
		Files.writeString(report, "# Benchmarks\n\nsuite figures\n");
		write(report, 30_000, 10_000);
		String text = Files.readString(report);
		assertThat(text).startsWith("# Benchmarks\n\nsuite figures\n");
		assertThat(text).contains("| GET one service of 100 | 30,000 | 10,000 | **3.00×** |");
		// The gzip read is reported after the identity-encoded comparison, marked as extra information.
		assertThat(text).contains("| GET one service of 100, gzip accepted (extra) |", "is extra information");
		assertThat(text.indexOf("| GET every instance |")).isLessThan(text.indexOf("gzip accepted (extra) |"));
		assertThat(text).contains("| discovery | 2 |", "| Eureka | 1 |");
		assertThat(text).contains("registrations reached 50% of it");
	}

	@Test
	void aNewComparisonShouldReplaceTheOldOneAndKeepTheRest() throws Exception {
		Path report = this.dir.resolve("benchmarks.md");
		Files.writeString(report, "# Benchmarks\n\nsuite figures\n");
		write(report, 30_000, 10_000);
		write(report, 20_000, 10_000);
		String text = Files.readString(report);
		assertThat(text.split(PeerReport.BEGIN, -1)).hasSize(2);
		assertThat(text).contains("**2.00×**").doesNotContain("**3.00×**").startsWith("# Benchmarks\n\nsuite figures");
		assertThat(PeerReport.section(text)).startsWith(PeerReport.BEGIN).endsWith(PeerReport.END + "\n");
	}

	private static void write(Path report, double ownRead, double eurekaRead) throws Exception {
		PeerSettings settings = PeerSettings.parse(new String[] { "--out=" + report });
		new PeerReport(settings, List.of(measured("discovery", 1, ownRead / 2), measured("Eureka", 1, eurekaRead),
				measured("Eureka", 2, eurekaRead / 2), measured("discovery", 2, ownRead)))
			.write();
	}

	private static Measured measured(String registry, int round, double read) {
		Map<Scenario, RunResult> results = new EnumMap<>(Scenario.class);
		for (Scenario scenario : Scenario.values()) {
			double rate = (scenario == Scenario.READ_ONE) ? read : 10_000;
			results.put(scenario, result(scenario.label, rate));
		}
		List<RunResult> ceilings = registry.equals("discovery") ? List.of(result("ceiling", 20_000)) : List.of();
		Map<Scenario, String> endpoints = new EnumMap<>(Scenario.class);
		for (Scenario scenario : Scenario.values()) {
			endpoints.put(scenario, "`" + scenario + "`");
		}
		return new Measured(registry, "java -jar " + registry, round, 3, results, ceilings,
				Map.of(Scenario.READ_ONE, new Payload(30_000, 3_000, -1), Scenario.READ_ALL,
						new Payload(3_000_000, -1, 10_000)),
				endpoints);
	}

	private static RunResult result(String name, double perSecond) {
		return new RunResult(name, 16, (long) (perSecond * 10), 0, Duration.ofSeconds(10), 500_000, 2_000_000,
				9_000_000);
	}

}
