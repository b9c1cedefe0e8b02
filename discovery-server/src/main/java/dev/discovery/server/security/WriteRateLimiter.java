package dev.discovery.server.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets for writes, one per client (token name, or address when the registry runs open): each holds up to
 * {@code burst} writes and refills at {@code rate} per second.
 */
public class WriteRateLimiter {

	private static final int MAX_CLIENTS = 100_000;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final Clock clock;

	private final double rate;

	private final double burst;

	public WriteRateLimiter(Clock clock, int ratePerSecond, int burst) {
		this.clock = clock;
		this.rate = ratePerSecond;
		this.burst = Math.max(burst, 1);
	}

	/**
	 * Whether limiting is on.
	 * @return {@code false} when the rate is zero
	 */
	public boolean enabled() {
		return this.rate > 0;
	}

	/**
	 * Takes one write from a client's bucket.
	 * @param client the client's key
	 * @return {@code 0} if the write may go ahead, else how many seconds until it may
	 */
	public long acquire(String client) {
		long now = this.clock.millis();
		if (this.buckets.size() > MAX_CLIENTS) {
			// Full buckets carry no state worth keeping.
			this.buckets.values().removeIf((bucket) -> bucket.full(now, this.rate, this.burst));
		}
		Bucket bucket = this.buckets.computeIfAbsent(client, (key) -> new Bucket(this.burst, now));
		return bucket.take(now, this.rate, this.burst);
	}

	private static final class Bucket {

		private double tokens;

		private long updatedAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.updatedAt = now;
		}

		synchronized long take(long now, double rate, double burst) {
			refill(now, rate, burst);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return (long) Math.ceil((1 - this.tokens) / rate);
		}

		synchronized boolean full(long now, double rate, double burst) {
			refill(now, rate, burst);
			return this.tokens >= burst;
		}

		private void refill(long now, double rate, double burst) {
			long elapsed = Math.max(0, now - this.updatedAt);
			this.tokens = Math.min(burst, this.tokens + elapsed * rate / 1000.0);
			this.updatedAt = now;
		}

	}

}
