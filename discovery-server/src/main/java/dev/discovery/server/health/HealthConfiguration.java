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
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;

import dev.discovery.protocol.HealthCheckType;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.Registry;

/**
 * The registry's health checks of instances, the addresses they may reach, and the address check at registration.
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
		HttpHealthProbe httpHealthProbe(CheckThreads threads, TargetPolicy targets) {
			return new HttpHealthProbe(threads.executor(), targets);
		}

		@Bean
		@ConditionalOnMissingBean
		TcpHealthProbe tcpHealthProbe(CheckThreads threads, TargetPolicy targets) {
			return new TcpHealthProbe(threads.executor(), targets);
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
	TargetPolicy healthCheckTargets(HealthCheckProperties properties, Environment environment) {
		HealthCheckProperties.Targets targets = properties.getTargets();
		try {
			return new TargetPolicy(targets.getAllow(), targets.getDeny(),
					targets.isDenyOwnHost() && !RegistryEndpoints.bindsLoopback(environment),
					() -> RegistryEndpoints.ports(environment));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("discovery.server.health.targets: " + ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	AddressVerifier addressVerifier(HealthCheckProperties properties, TargetPolicy targets) {
		return new AddressVerifier(targets, properties.isVerifyAddress(), properties.getVerifyTimeout());
	}

}
