package dev.discovery.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.discovery.benchmarks.load.DurabilityScenario;
import dev.discovery.benchmarks.load.MemoryScenario.Footprint;
import dev.discovery.benchmarks.load.RunResult;
import dev.discovery.benchmarks.watch.AcknowledgementBenchmark;
import dev.discovery.benchmarks.watch.WatchPropagationBenchmark;
import dev.discovery.benchmarks.xds.XdsPropagationBenchmark;

/**
 * Everything one suite run measured, for the report.
 */
public final class SuiteResults {

	/**
	 * One JMH benchmark's score.
	 *
	 * @param name the benchmark
	 * @param score the mean
	 * @param error the 99.9% confidence half-width
	 * @param unit the score's unit
	 */
	public record JmhScore(String name, double score, double error, String unit) {
	}

	final List<RunResult> ceilings = new ArrayList<>();

	final List<RunResult> scenarios = new ArrayList<>();

	final List<Footprint> footprints = new ArrayList<>();

	final List<RunResult> atLargestSize = new ArrayList<>();

	final List<JmhScore> jmh = new ArrayList<>();

	final List<DurabilityScenario.Row> durability = new ArrayList<>();

	/** The Eureka API's process: ceiling, v1 heartbeat, Eureka renewal, Eureka delta, ceiling. */
	final List<RunResult> eureka = new ArrayList<>();

	WatchPropagationBenchmark.@Nullable Result propagation;

	final List<AcknowledgementBenchmark.Row> acknowledgements = new ArrayList<>();

	XdsPropagationBenchmark.@Nullable Row xdsPropagation;

	/**
	 * The ceiling used for ratios: the best of the ceiling runs, so ratios are never flattered by a slow one.
	 * @return requests per second
	 */
	double ceiling() {
		return this.ceilings.stream().mapToDouble(RunResult::throughput).max().orElse(Double.NaN);
	}

}
