package dev.discovery.server.health;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import dev.discovery.protocol.HealthCheckType;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.Registry;

/**
 * The registry's health checks of instances and the optional address check at registration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthCheckProperties.class)
class HealthConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HealthMetrics healthMetrics(MeterRegistry meters, Registry registry) {
		return new HealthMetrics(meters, registry);
	}

	/** The checker and its probes, unless {@code discovery.server.health.enabled=false}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "discovery.server.health.enabled", matchIfMissing = true)
	static class CheckerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CheckThreads healthCheckThreads(HealthCheckProperties properties) {
			return new CheckThreads(properties.getThreads());
		}

		@Bean
		@ConditionalOnMissingBean
		HttpHealthProbe httpHealthProbe(CheckThreads threads) {
			return new HttpHealthProbe(threads.executor());
		}

		@Bean
		@ConditionalOnMissingBean
		TcpHealthProbe tcpHealthProbe(CheckThreads threads) {
			return new TcpHealthProbe(threads.executor());
		}

		@Bean
		@ConditionalOnMissingBean
		HealthChecker healthChecker(Registry registry, Clock clock, HttpHealthProbe http, TcpHealthProbe tcp,
				ProtectionMode protection, HealthMetrics metrics, TaskScheduler registryScheduler, CheckThreads threads,
				HealthCheckProperties properties, ObjectProvider<CheckAssignment> assignment) {
			return new HealthChecker(registry, clock, Map.of(HealthCheckType.HTTP, http, HealthCheckType.TCP, tcp),
					protection, metrics, new HealthChecker.Settings(registryScheduler, threads.executor(),
							properties.getTick(), properties.getMaxConcurrentChecks()),
					assignment.getIfAvailable(() -> CheckAssignment.ALL));
		}

	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "discovery.server.health.verify-address")
	AddressVerifier addressVerifier(HealthCheckProperties properties) {
		return new AddressVerifier(properties.getVerifyTimeout());
	}

}
