package dev.discovery.benchmarks.load;

import java.time.Duration;

/**
 * What one scenario measured.
 *
 * @param name the scenario
 * @param concurrency connections used at once
 * @param requests requests completed
 * @param errors requests that failed or got an unexpected status
 * @param elapsed how long the measured part took
 * @param p50 median latency in nanoseconds
 * @param p99 99th percentile latency in nanoseconds
 * @param max largest latency in nanoseconds
 */
public record RunResult(String name, int concurrency, long requests, long errors, Duration elapsed, long p50, long p99,
		long max) {

	/**
	 * Completed requests per second.
	 * @return the throughput
	 */
	public double throughput() {
		return this.requests / (this.elapsed.toNanos() / 1e9);
	}

	@Override
	public String toString() {
		return String.format("%-22s c=%-3d n=%-8d err=%-4d %,10.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms",
				this.name, this.concurrency, this.requests, this.errors, throughput(), this.p50 / 1e6, this.p99 / 1e6,
				this.max / 1e6);
	}

}
