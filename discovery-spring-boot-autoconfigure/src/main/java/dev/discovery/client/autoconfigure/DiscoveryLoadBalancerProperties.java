package dev.discovery.client.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * How load-balanced calls survive a failing instance, under {@code discovery.loadbalancer}: retries on other
 * instances, passive ejection, and suspect reports to the registry. Checked when bound: a value that cannot work (no
 * attempt at all, a maximum below its minimum, a share above 100 %) fails startup naming the property.
 */
@ConfigurationProperties("discovery.loadbalancer")
@Validated
public class DiscoveryLoadBalancerProperties implements Validator {

	@NestedConfigurationProperty
	private final Retry retry = new Retry();

	@NestedConfigurationProperty
	private final Ejection ejection = new Ejection();

	@NestedConfigurationProperty
	private final Suspect suspect = new Suspect();

	public Retry getRetry() {
		return this.retry;
	}

	public Ejection getEjection() {
		return this.ejection;
	}

	public Suspect getSuspect() {
		return this.suspect;
	}

	@Override
	public boolean supports(Class<?> type) {
		return DiscoveryLoadBalancerProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		DiscoveryLoadBalancerProperties properties = (DiscoveryLoadBalancerProperties) target;
		PropertyChecks checks = new PropertyChecks(errors, "discovery.loadbalancer.");
		Retry retry = properties.getRetry();
		checks.atLeast("retry.max-attempts", retry.getMaxAttempts(), 1);
		if (checks.notNegative("retry.initial-backoff", retry.getInitialBackoff())) {
			checks.notShorter("retry.max-backoff", retry.getMaxBackoff(), "retry.initial-backoff",
					retry.getInitialBackoff());
		}
		checks.notNegative("retry.max-retry-after", retry.getMaxRetryAfter());
		Ejection ejection = properties.getEjection();
		checks.atLeast("ejection.consecutive-failures", ejection.getConsecutiveFailures(), 1);
		if (checks.positive("ejection.base-time", ejection.getBaseTime())) {
			checks.notShorter("ejection.max-time", ejection.getMaxTime(), "ejection.base-time", ejection.getBaseTime());
		}
		checks.between("ejection.max-ejection-percent", ejection.getMaxEjectionPercent(), 0, 100);
		checks.notNegative("suspect.min-interval", properties.getSuspect().getMinInterval());
		checks.atLeast("suspect.max-pending", properties.getSuspect().getMaxPending(), 1);
	}

	/**
	 * Retrying a failed call on another instance (RestTemplate, RestClient, WebClient).
	 */
	public static class Retry {

		/** Whether load-balanced calls that failed safely to retry go to another instance. */
		private boolean enabled = true;

		/** Attempts per call in all, the first included; each goes to an instance the call has not tried. */
		private int maxAttempts = 3;

		/** Wait before the first retry (jittered down to half); doubles with each further one. */
		private Duration initialBackoff = Duration.ofMillis(20);

		/** Longest wait between attempts. */
		private Duration maxBackoff = Duration.ofMillis(500);

		/** Longest Retry-After of a 503 still waited for before retrying; a longer one ends the retries. */
		private Duration maxRetryAfter = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

	}

	/**
	 * Passive ejection (outlier detection) of failing instances in this caller's load balancer.
	 */
	public static class Ejection {

		/** Whether instances that refuse connections or fail calls in a row are skipped for a while. */
		private boolean enabled = true;

		/** Failed calls in a row (resets, timeouts, 502/503/504) that eject an instance; a refused connection ejects at once. */
		private int consecutiveFailures = 3;

		/** Length of an instance's first ejection; the n-th lasts n times as long. */
		private Duration baseTime = Duration.ofSeconds(10);

		/** Longest ejection. */
		private Duration maxTime = Duration.ofMinutes(2);

		/** Largest share of a service's instances skipped at once; the last instance is never skipped. */
		private int maxEjectionPercent = 50;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getConsecutiveFailures() {
			return this.consecutiveFailures;
		}

		public void setConsecutiveFailures(int consecutiveFailures) {
			this.consecutiveFailures = consecutiveFailures;
		}

		public Duration getBaseTime() {
			return this.baseTime;
		}

		public void setBaseTime(Duration baseTime) {
			this.baseTime = baseTime;
		}

		public Duration getMaxTime() {
			return this.maxTime;
		}

		public void setMaxTime(Duration maxTime) {
			this.maxTime = maxTime;
		}

		public int getMaxEjectionPercent() {
			return this.maxEjectionPercent;
		}

		public void setMaxEjectionPercent(int maxEjectionPercent) {
			this.maxEjectionPercent = maxEjectionPercent;
		}

	}

	/**
	 * Reports of ejected instances to the registry, which checks them at once.
	 */
	public static class Suspect {

		/** Whether an ejected instance is reported to the registry as suspect. */
		private boolean enabled = true;

		/** Shortest time between two reports of the same instance. */
		private Duration minInterval = Duration.ofSeconds(5);

		/** Reports waiting to be sent at most; more are dropped. */
		private int maxPending = 16;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMinInterval() {
			return this.minInterval;
		}

		public void setMinInterval(Duration minInterval) {
			this.minInterval = minInterval;
		}

		public int getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(int maxPending) {
			this.maxPending = maxPending;
		}

	}

}
