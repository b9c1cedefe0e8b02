package dev.discovery.server.dns;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

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

	private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

	private final double perNano;

	private final double burst;

	private final LongSupplier nanoTime;

	/**
	 * @param perSecond answers per second per address; 0 or less for no limit
	 * @param burst answers an address may get at once
	 * @param nanoTime the monotonic time source
	 */
	ResponseRateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
		this.perNano = perSecond / 1e9;
		this.burst = Math.max(1, Math.max(burst, perSecond));
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes one answer from the address's bucket.
	 * @param client the query's source address
	 * @return {@code false} if the address is over its rate and the query is to be dropped
	 */
	boolean allow(InetAddress client) {
		if (this.perNano <= 0) {
			return true;
		}
		long now = this.nanoTime.getAsLong();
		Bucket bucket = this.buckets.get(client);
		if (bucket == null) {
			if (this.buckets.size() >= MAX_TRACKED) {
				forgetIdle(now);
			}
			bucket = this.buckets.computeIfAbsent(client, (address) -> new Bucket(this.burst, now));
		}
		return bucket.take(now, this.perNano, this.burst);
	}

	/**
	 * Charges an address for the records an answer it was allowed took to build; its next answers wait until the
	 * bucket has refilled.
	 * @param client the query's source address
	 * @param records the records built
	 */
	void charge(InetAddress client, int records) {
		int tokens = records / RECORDS_PER_TOKEN;
		Bucket bucket = this.buckets.get(client);
		if (tokens > 0 && bucket != null) {
			bucket.charge(tokens, this.burst);
		}
	}

	private void forgetIdle(long now) {
		this.buckets.values().removeIf((bucket) -> bucket.full(now, this.perNano, this.burst));
		if (this.buckets.size() >= MAX_TRACKED) {
			this.buckets.clear();
		}
	}

	int tracked() {
		return this.buckets.size();
	}

	private static final class Bucket {

		private double tokens;

		private long refilled;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilled = now;
		}

		synchronized boolean take(long now, double perNano, double burst) {
			refill(now, perNano, burst);
			if (this.tokens < 1) {
				return false;
			}
			this.tokens -= 1;
			return true;
		}

		/** May go below zero, down to minus a burst: the debt is paid off at the rate. */
		synchronized void charge(int cost, double burst) {
			this.tokens = Math.max(-burst, this.tokens - cost);
		}

		synchronized boolean full(long now, double perNano, double burst) {
			refill(now, perNano, burst);
			return this.tokens >= burst;
		}

		private void refill(long now, double perNano, double burst) {
			long elapsed = now - this.refilled;
			if (elapsed > 0) {
				this.tokens = Math.min(burst, this.tokens + elapsed * perNano);
				this.refilled = now;
			}
		}

	}

}
