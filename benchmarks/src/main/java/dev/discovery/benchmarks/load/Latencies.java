package dev.discovery.benchmarks.load;

import java.util.Arrays;

/**
 * Latencies recorded by one worker, in nanoseconds, merged and summarised after a run.
 */
public final class Latencies {

	private long[] values = new long[4096];

	private int size;

	public void record(long nanos) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.values[this.size++] = nanos;
	}

	public int size() {
		return this.size;
	}

	/**
	 * Merges several workers' latencies and sorts them.
	 * @param parts the workers' latencies
	 * @return the sorted values
	 */
	public static long[] mergeSorted(Iterable<Latencies> parts) {
		int total = 0;
		for (Latencies part : parts) {
			total += part.size;
		}
		long[] all = new long[total];
		int at = 0;
		for (Latencies part : parts) {
			System.arraycopy(part.values, 0, all, at, part.size);
			at += part.size;
		}
		Arrays.sort(all);
		return all;
	}

	/**
	 * The value at a percentile of sorted values (nearest rank).
	 * @param sorted sorted values
	 * @param percentile 0 to 100
	 * @return the value, or 0 when there are none
	 */
	public static long percentile(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
		return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
	}

}
