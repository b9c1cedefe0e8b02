package dev.discovery.server.dns;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.discovery.server.security.RateBucket;

/**
 * Response rate limiting for DNS over UDP: a token bucket per client address, checked before a query is parsed, so
 * a flood from one address costs a map lookup per packet and the threads keep draining the socket for everyone
 * else. An answer costs one token, and one more for every {@value #RECORDS_PER_TOKEN} records it took to build, so
 * an address asking for a large service gets proportionally fewer answers: what is bounded is the work. The buckets
 * it tracks are bounded: when there are too many, the full (idle) ones are forgotten, and if that is not enough,
 * all of them.
 */
final class ResponseRateLimiter {

	/** Records built for an answer that cost as much as one answer. */
	static final int RECORDS_PER_TOKEN = 16;

	/** Most addresses tracked at once; a flood from spoofed addresses cannot grow the map beyond it. */
	static final int MAX_TRACKED = 65_536;

	private final Map<InetAddress, RateBucket> buckets = new ConcurrentHashMap<>();

	private final RateBucket.Rate rate;

	private final LongSupplier nanoTime;

	/**
	 * @param perSecond answers per second per address; 0 or less for no limit
	 * @param burst answers an address may get at once
	 * @param nanoTime the monotonic time source
	 */
	ResponseRateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
		this.rate = new RateBucket.Rate(perSecond, 1e9, Math.max(1, Math.max(burst, perSecond)));
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes one answer from the address's bucket.
	 * @param client the query's source address
	 * @return {@code false} if the address is over its rate and the query is to be dropped
	 */
	boolean allow(InetAddress client) {
		if (this.rate.tokens() <= 0) {
			return true;
		}
		long now = this.nanoTime.getAsLong();
		RateBucket bucket = this.buckets.get(client);
		if (bucket == null) {
			if (this.buckets.size() >= MAX_TRACKED) {
				forgetIdle(now);
			}
			bucket = this.buckets.computeIfAbsent(client, (address) -> new RateBucket(this.rate.burst(), now));
		}
		return bucket.take(now, this.rate) == 0;
	}

	/**
	 * Charges an address for the records an answer it was allowed took to build; its next answers wait until the
	 * bucket has refilled.
	 * @param client the query's source address
	 * @param records the records built
	 */
	void charge(InetAddress client, int records) {
		int tokens = records / RECORDS_PER_TOKEN;
		RateBucket bucket = this.buckets.get(client);
		if (tokens > 0 && bucket != null) {
			bucket.charge(tokens, this.rate);
		}
	}

	private void forgetIdle(long now) {
		this.buckets.values().removeIf((bucket) -> bucket.full(now, this.rate));
		if (this.buckets.size() >= MAX_TRACKED) {
			this.buckets.clear();
		}
	}

	int tracked() {
		return this.buckets.size();
	}

}
