package dev.discovery.client.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mistakes in {@code discovery.*} fail startup with a message naming the properties, without a Bean Validation
 * provider on the classpath.
 */
class DiscoveryPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RegistryClientAutoConfiguration.class,
				DiscoveryWatchAutoConfiguration.class))
		.withPropertyValues("discovery.instance.host=127.0.0.1");

	@Test
	void defaultsShouldBeValid() {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void heartbeatIntervalAtTheLeaseTtlShouldFailNamingBoth() {
		this.runner.withPropertyValues("discovery.heartbeat.interval=15s", "discovery.lease.ttl=15s")
			.run(failsWith("discovery.heartbeat.interval (15s) must be shorter than discovery.lease.ttl (15s)"));
	}

	@Test
	void heartbeatIntervalAboveTheLeaseTtlShouldFail() {
		this.runner.withPropertyValues("discovery.heartbeat.interval=30s")
			.run(failsWith("discovery.heartbeat.interval (30s) must be shorter than discovery.lease.ttl (15s)"));
	}

	@Test
	void heartbeatIntervalBelowTheLeaseTtlShouldStart() {
		this.runner.withPropertyValues("discovery.heartbeat.interval=14s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void registryUrlWithoutAHostShouldFail() {
		this.runner.withPropertyValues("discovery.registry.url=registry:8761")
			.run(failsWith("discovery.registry.url 'registry:8761' is not an absolute http or https URL"));
	}

	@Test
	void noRegistryUrlShouldFail() {
		this.runner.withPropertyValues("discovery.registry.url=")
			.run(failsWith("discovery.registry.url must name at least one registry"));
	}

	@Test
	void zeroReadTimeoutShouldFail() {
		this.runner.withPropertyValues("discovery.registry.read-timeout=0s")
			.run(failsWith("discovery.registry.read-timeout (0s) must be positive"));
	}

	@Test
	void weightOutOfRangeShouldFail() {
		this.runner.withPropertyValues("discovery.instance.weight=0")
			.run(failsWith("discovery.instance.weight (0) must be between 1 and 1000"));
	}

	@Test
	void portOutOfRangeShouldFail() {
		this.runner.withPropertyValues("discovery.instance.port=70000")
			.run(failsWith("discovery.instance.port (70000) must be between 1 and 65535"));
	}

	@Test
	void healthCheckPathWithoutSlashShouldFail() {
		this.runner.withPropertyValues("discovery.health-check.path=health")
			.run(failsWith("discovery.health-check.path 'health' must start with '/'"));
	}

	@Test
	void ttlHealthCheckShouldIgnoreThePath() {
		this.runner.withPropertyValues("discovery.health-check.type=ttl", "discovery.health-check.path=health")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failureThresholdBelowOneShouldFail() {
		this.runner.withPropertyValues("discovery.health-check.failure-threshold=0")
			.run(failsWith("discovery.health-check.failure-threshold (0) must be at least 1"));
	}

	@Test
	void retryMaxBelowInitialShouldFail() {
		this.runner.withPropertyValues("discovery.retry.initial-interval=10s", "discovery.retry.max-interval=5s")
			.run(failsWith("discovery.retry.max-interval (5s) must not be shorter than discovery.retry.initial-interval (10s)"));
	}

	@Test
	void negativeDrainTimeoutShouldFail() {
		this.runner.withPropertyValues("discovery.shutdown.drain-timeout=-1s")
			.run(failsWith("discovery.shutdown.drain-timeout (-1s) must not be negative"));
	}

	@Test
	void watchMaxReconnectDelayBelowTheFirstShouldFail() {
		this.runner.withPropertyValues("discovery.watch.reconnect-delay=2s", "discovery.watch.max-reconnect-delay=1s")
			.run(failsWith("discovery.watch.max-reconnect-delay (1000ms) must not be shorter than "
					+ "discovery.watch.reconnect-delay (2000ms)"));
	}

	@Test
	void everyMistakeShouldBeReportedAtOnce() {
		this.runner.withPropertyValues("discovery.heartbeat.interval=20s", "discovery.instance.weight=5000")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("discovery.heartbeat.interval")
				.hasMessageContaining("discovery.instance.weight"));
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String message) {
		return (context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(BindValidationException.class)
			.hasMessageContaining(message);
	}

}
