package dev.discovery.client.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mistakes in {@code discovery.loadbalancer.*} fail startup naming the property, instead of being quietly clamped
 * (no attempt at all, an ejection share above 100 %...).
 */
class DiscoveryLoadBalancerPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscoveryResilienceAutoConfiguration.class));

	@Test
	void defaultsShouldBeValid() {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void noAttemptShouldFail() {
		this.runner.withPropertyValues("discovery.loadbalancer.retry.max-attempts=0")
			.run(failsWith("discovery.loadbalancer.retry.max-attempts (0) must be at least 1"));
	}

	@Test
	void oneAttemptShouldStart() {
		this.runner.withPropertyValues("discovery.loadbalancer.retry.max-attempts=1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void maxBackoffBelowTheInitialShouldFail() {
		this.runner
			.withPropertyValues("discovery.loadbalancer.retry.initial-backoff=1s",
					"discovery.loadbalancer.retry.max-backoff=100ms")
			.run(failsWith("discovery.loadbalancer.retry.max-backoff (100ms) must not be shorter than "
					+ "discovery.loadbalancer.retry.initial-backoff (1s)"));
	}

	@Test
	void negativeMaxRetryAfterShouldFail() {
		this.runner.withPropertyValues("discovery.loadbalancer.retry.max-retry-after=-1s")
			.run(failsWith("discovery.loadbalancer.retry.max-retry-after (-1s) must not be negative"));
	}

	@Test
	void noConsecutiveFailureShouldFail() {
		this.runner.withPropertyValues("discovery.loadbalancer.ejection.consecutive-failures=0")
			.run(failsWith("discovery.loadbalancer.ejection.consecutive-failures (0) must be at least 1"));
	}

	@Test
	void zeroEjectionTimeShouldFail() {
		this.runner.withPropertyValues("discovery.loadbalancer.ejection.base-time=0s")
			.run(failsWith("discovery.loadbalancer.ejection.base-time (0s) must be positive"));
	}

	@Test
	void maxEjectionTimeBelowTheBaseShouldFail() {
		this.runner.withPropertyValues("discovery.loadbalancer.ejection.max-time=5s")
			.run(failsWith("discovery.loadbalancer.ejection.max-time (5s) must not be shorter than "
					+ "discovery.loadbalancer.ejection.base-time (10s)"));
	}

	@Test
	void ejectionShareAboveAllShouldFail() {
		this.runner.withPropertyValues("discovery.loadbalancer.ejection.max-ejection-percent=150")
			.run(failsWith("discovery.loadbalancer.ejection.max-ejection-percent (150) must be between 0 and 100"));
	}

	@Test
	void noPendingReportShouldFail() {
		this.runner.withPropertyValues("discovery.loadbalancer.suspect.max-pending=0")
			.run(failsWith("discovery.loadbalancer.suspect.max-pending (0) must be at least 1"));
	}

	@Test
	void everyMistakeShouldBeReportedAtOnce() {
		this.runner
			.withPropertyValues("discovery.loadbalancer.retry.max-attempts=0",
					"discovery.loadbalancer.ejection.max-ejection-percent=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("discovery.loadbalancer.retry.max-attempts")
				.hasMessageContaining("discovery.loadbalancer.ejection.max-ejection-percent"));
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String message) {
		return (context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(BindValidationException.class)
			.hasMessageContaining(message);
	}

}
