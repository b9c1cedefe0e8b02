package dev.discovery.benchmarks.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.discovery.benchmarks.watch.WatchPropagationBenchmark.Row;

/**
 * What the propagation scenario ({@link PropagationStages}) measured: each watcher's delay per change, split into
 * stages, and what the changes cost.
 */
public final class PropagationFigures {

	private PropagationFigures() {
	}

	/** One watcher's delay for one change and its stages, in nanoseconds. */
	record Sample(long total, long etcd, long replica, long fanOut) {
	}

	/**
	 * Stage means over a set of samples, in milliseconds.
	 *
	 * @param total write → this watcher
	 * @param etcd write → etcd's event at an outside watcher (0 in memory mode)
	 * @param replica → the first watcher of the replica reads it
	 * @param fanOut → this watcher reads it
	 */
	public record Stages(double total, double etcd, double replica, double fanOut) {

		static Stages of(List<Sample> samples) {
			double n = Math.max(1, samples.size());
			return new Stages(samples.stream().mapToLong(Sample::total).sum() / n / 1e6,
					samples.stream().mapToLong(Sample::etcd).sum() / n / 1e6,
					samples.stream().mapToLong(Sample::replica).sum() / n / 1e6,
					samples.stream().mapToLong(Sample::fanOut).sum() / n / 1e6);
		}

	}

	/**
	 * What a run measured.
	 *
	 * @param row the delays: p50, p99 and max over every watcher and change
	 * @param all stage means over every sample
	 * @param tail stage means over the samples at or above the p99
	 * @param acknowledgedP50 the write's own answer (committed, and applied by the writer's view), median ms
	 * @param acknowledgedP99 the same, p99 ms
	 * @param cost CPU time per change and GC pauses
	 */
	public record Result(Row row, Stages all, Stages tail, double acknowledgedP50, double acknowledgedP99,
			ProcessCosts.Cost cost) {

		static Result of(int watchers, List<Sample> samples, List<Long> acknowledged, ProcessCosts.Cost cost) {
			List<Sample> sorted = new ArrayList<>(samples);
			sorted.sort((a, b) -> Long.compare(a.total(), b.total()));
			List<Long> delays = sorted.stream().map(Sample::total).toList();
			double p99 = millis(delays, 0.99);
			List<Sample> tail = sorted.subList(Math.max(0, (int) Math.ceil(0.99 * sorted.size()) - 1), sorted.size());
			List<Long> acks = new ArrayList<>(acknowledged);
			Collections.sort(acks);
			return new Result(new Row(watchers, delays.size(), millis(delays, 0.50), p99,
					delays.get(delays.size() - 1) / 1e6), Stages.of(sorted), Stages.of(tail), millis(acks, 0.50),
					millis(acks, 0.99), cost);
		}

		private static double millis(List<Long> sorted, double quantile) {
			int at = (int) Math.ceil(quantile * sorted.size()) - 1;
			return sorted.get(Math.max(0, at)) / 1e6;
		}

	}

}
