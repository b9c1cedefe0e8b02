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

	private final Map<String, RateBucket> buckets = new ConcurrentHashMap<>();

	private final Clock clock;

	private final RateBucket.Rate rate;

	public WriteRateLimiter(Clock clock, int ratePerSecond, int burst) {
		this.clock = clock;
		this.rate = new RateBucket.Rate(ratePerSecond, 1000.0, Math.max(burst, 1));
	}

	/**
	 * Whether limiting is on.
	 * @return {@code false} when the rate is zero
	 */
	public boolean enabled() {
		return this.rate.tokens() > 0;
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
			this.buckets.values().removeIf((bucket) -> bucket.full(now, this.rate));
		}
		RateBucket bucket = this.buckets.computeIfAbsent(client, (key) -> new RateBucket(this.rate.burst(), now));
		double shortOf = bucket.take(now, this.rate);
		return (shortOf == 0) ? 0 : (long) Math.ceil(shortOf / this.rate.tokens());
	}

}
