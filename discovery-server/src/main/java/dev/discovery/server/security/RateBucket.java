package dev.discovery.server.security;

/**
 * The state of one client's token bucket: the tokens it holds and when it was last refilled. The limiter that keeps
 * the buckets owns the {@link Rate} and the time source, so a bucket per client costs two fields. Thread-safe.
 */
public final class RateBucket {

	private double tokens;

	private long refilled;

	/**
	 * A bucket.
	 * @param tokens the tokens it starts with (a full bucket: the burst)
	 * @param now the time now, in the rate's unit
	 */
	public RateBucket(double tokens, long now) {
		this.tokens = tokens;
		this.refilled = now;
	}

	/**
	 * Takes a token if the bucket holds one.
	 * @param now the time now
	 * @param rate how the bucket refills
	 * @return {@code 0} if a token was taken, else how far the bucket is short of one token
	 */
	public synchronized double take(long now, Rate rate) {
		refill(now, rate);
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return 0;
		}
		return 1 - this.tokens;
	}

	/**
	 * Takes tokens beyond what the bucket holds, down to minus a burst: the debt is paid off at the rate.
	 * @param cost the tokens to take
	 * @param rate how the bucket refills
	 */
	public synchronized void charge(int cost, Rate rate) {
		this.tokens = Math.max(-rate.burst(), this.tokens - cost);
	}

	/**
	 * Whether the bucket is full, so carries no state worth keeping.
	 * @param now the time now
	 * @param rate how the bucket refills
	 * @return {@code true} if it holds a burst
	 */
	public synchronized boolean full(long now, Rate rate) {
		refill(now, rate);
		return this.tokens >= rate.burst();
	}

	private void refill(long now, Rate rate) {
		// A clock that went back refills nothing, and the bucket counts from the earlier time on.
		long elapsed = Math.max(0, now - this.refilled);
		this.tokens = Math.min(rate.burst(), this.tokens + elapsed * rate.tokens() / rate.per());
		this.refilled = now;
	}

	/**
	 * How buckets refill: {@code tokens} every {@code per} units of time, up to {@code burst}.
	 *
	 * @param tokens tokens added every {@code per}
	 * @param per the time they take, in the unit of the time source (1000 for a rate per second on milliseconds)
	 * @param burst the most a bucket holds
	 */
	public record Rate(double tokens, double per, double burst) {
	}

}
