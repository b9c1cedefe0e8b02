package dev.discovery.server.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down guessing tokens: each client address may present {@link #BURST} unknown tokens at once and one more every
 * second after that; beyond it the address is answered {@code 429} without any token it sends being looked at, so a
 * guess costs a second instead of a request. Addresses that have not failed lately hold no state.
 */
final class FailedTokenThrottle {

	/** Unknown tokens an address may present at once: room for a misconfigured client's retries. */
	static final int BURST = 20;

	private static final int MAX_ADDRESSES = 100_000;

	private static final RateBucket.Rate RATE = new RateBucket.Rate(1, 1000.0, BURST);

	private final Map<String, RateBucket> failures = new ConcurrentHashMap<>();

	/** Monotonic milliseconds: a clock step must not let guesses through or lock an address out. */
	private final LongSupplier millis;

	FailedTokenThrottle() {
		this(() -> System.nanoTime() / 1_000_000);
	}

	FailedTokenThrottle(LongSupplier millis) {
		this.millis = millis;
	}

	/**
	 * Whether an address may present a token now.
	 * @param address the client's address
	 * @return {@code 0} if it may, else the seconds until it may
	 */
	long retryAfter(String address) {
		RateBucket bucket = this.failures.get(address);
		if (bucket == null) {
			return 0;
		}
		long now = this.millis.getAsLong();
		if (bucket.full(now, RATE)) {
			this.failures.remove(address, bucket);
			return 0;
		}
		double shortOf = bucket.take(now, RATE);
		if (shortOf == 0) {
			// Only looking: the token is given back, a failure is charged by failed().
			bucket.charge(-1, RATE);
			return 0;
		}
		return (long) Math.ceil(shortOf / RATE.tokens());
	}

	/**
	 * Counts an unknown token presented by an address.
	 * @param address the client's address
	 */
	void failed(String address) {
		long now = this.millis.getAsLong();
		if (this.failures.size() > MAX_ADDRESSES) {
			this.failures.values().removeIf((bucket) -> bucket.full(now, RATE));
		}
		this.failures.computeIfAbsent(address, (key) -> new RateBucket(RATE.burst(), now)).take(now, RATE);
	}

}
