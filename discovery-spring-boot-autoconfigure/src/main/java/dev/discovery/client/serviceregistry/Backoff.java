package dev.discovery.client.serviceregistry;

import java.time.Duration;

/**
 * Exponential back-off between registration attempts: {@code initial}, doubling up to {@code max}.
 *
 * @param initial the first delay
 * @param max the longest delay
 */
public record Backoff(Duration initial, Duration max) {

	/**
	 * The delay before the given retry.
	 * @param attempt the number of attempts that have failed so far (1 for the first retry)
	 * @return the delay
	 */
	public Duration delay(int attempt) {
		Duration delay = this.initial;
		for (int i = 1; i < attempt && delay.compareTo(this.max) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.max) > 0) ? this.max : delay;
	}

}
