package dev.discovery.client.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * When a failed load-balanced call goes to another instance, and after how long: at most {@code maxAttempts} in
 * all, only when the failure allows it for the method ({@link CallFailure#retryable}), after an exponential back-off
 * with jitter, and never sooner than a 503's {@code Retry-After}; a {@code Retry-After} longer than
 * {@code maxRetryAfter} ends the retries and the caller gets the 503.
 *
 * @param maxAttempts calls in all, the first included
 * @param initialBackoff the wait before the first retry (jittered down to half)
 * @param maxBackoff the longest wait between attempts
 * @param maxRetryAfter the longest {@code Retry-After} still waited for
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

	/** One attempt only: no retries. */
	public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

	/**
	 * Whether and when to try again.
	 * @param attemptsMade attempts made so far (1 after the first)
	 * @param method the request's method
	 * @param failure how the last attempt failed
	 * @param retryAfter the last answer's {@code Retry-After}, if any
	 * @return how long to wait before the next attempt, or {@code null} to give up
	 */
	public @Nullable Duration delay(int attemptsMade, HttpMethod method, CallFailure failure,
			@Nullable Duration retryAfter) {
		if (attemptsMade >= this.maxAttempts || !failure.retryable(method)) {
			return null;
		}
		if (retryAfter != null && retryAfter.compareTo(this.maxRetryAfter) > 0) {
			return null;
		}
		long max = this.maxBackoff.toNanos();
		long backoff = Math.min(this.initialBackoff.toNanos() << Math.min(attemptsMade - 1, 20), max);
		long jittered = (backoff > 1) ? ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1) : backoff;
		Duration wait = Duration.ofNanos(jittered);
		return (retryAfter != null && retryAfter.compareTo(wait) > 0) ? retryAfter : wait;
	}

}
