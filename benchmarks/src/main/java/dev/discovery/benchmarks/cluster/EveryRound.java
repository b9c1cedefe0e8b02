package dev.discovery.benchmarks.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.discovery.benchmarks.cluster.ClusterBenchmark.Figures;
import dev.discovery.benchmarks.cluster.ClusterBenchmark.Round;
import dev.discovery.benchmarks.load.Rounds;

/** The cluster report's tables of every round: each mode's figures, GC pauses and registrations, in run order. */
final class EveryRound {

	private EveryRound() {
	}

	static List<String> lines(List<Round> measured, List<String> scenarios) {
		List<String> out = new ArrayList<>();
		out.add("Every round, in the order they ran (requests/s, errors in brackets when there were any; the machine's "
				+ "one-minute load average when the round started, other work on it included):");
		out.add("");
		List<Rounds.Row> rows = new ArrayList<>();
		for (Round round : measured) {
			Figures figures = round.figures();
			List<String> cells = new ArrayList<>(List.of(figures.register(), figures.heartbeat(), figures.read(),
					figures.ceiling(), figures.ceilingAfter()).stream().map(Rounds::cell).toList());
			cells.add(String.format(Locale.ROOT, "%.1f / %.1f", figures.propagation().row().p50(),
					figures.propagation().row().p99()));
			rows.add(new Rounds.Row(List.of(round.mode(), Integer.toString(round.round()),
					Integer.toString(round.position()), String.format(Locale.ROOT, "%.1f", figures.loadBefore())),
					cells));
		}
		Rounds.table(List.of("mode", "round", "in the run", "load"), List.of("registrations/s", "heartbeats/s",
				"`GET` one service of 100", "ceiling", "ceiling after the reads", "propagation p50 / p99 ms"), rows)
			.forEach(out::add);
		out.add("");
		out.add("GC pauses of the answering registry JVM in each scenario, every round (ms, from its `jvm.gc.pause` "
				+ "metric; the requested full collections come before each scenario and are not counted):");
		out.add("");
		List<Rounds.Row> pauses = new ArrayList<>();
		for (Round round : measured) {
			pauses.add(new Rounds.Row(List.of(round.mode(), Integer.toString(round.round())), scenarios.stream()
				.map((name) -> String.format(Locale.ROOT, "%.0f",
						round.figures().phases().get(name).gcPauseMillis().get(0)))
				.toList()));
		}
		Rounds.table(List.of("mode", "round"), scenarios, pauses).forEach(out::add);
		out.add("");
		out.add("Registered within the scenario's limit (heartbeats go to these), by round: " + measured.stream()
			.map((round) -> String.format(Locale.ROOT, "%s %d: %,d", round.mode(), round.round(),
					round.figures().register().requests()))
			.collect(Collectors.joining(", ")) + ".");
		return out;
	}

}
