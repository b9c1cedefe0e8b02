package dev.discovery.server.config;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import dev.discovery.protocol.HealthCheckType;
import dev.discovery.server.health.AddressVerifier;
import dev.discovery.server.health.CheckThreads;
import dev.discovery.server.health.HealthChecker;
import dev.discovery.server.health.HealthMetrics;
import dev.discovery.server.health.HttpHealthProbe;
import dev.discovery.server.health.TcpHealthProbe;
import dev.discovery.server.protection.ProtectionMetrics;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.Registry;

/**
 * The registry's health checks of instances, protection mode, and the optional address check at registration.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProtectionMode protectionMode(Registry registry, Clock clock, ProtectionProperties properties) {
		ProtectionMode protection = new ProtectionMode(registry, clock, properties.toSettings());
		registry.addListener(protection);
		return protection;
	}

	@Bean
	@ConditionalOnMissingBean
	ProtectionMetrics protectionMetrics(ProtectionMode protection, MeterRegistry meters) {
		return new ProtectionMetrics(protection, meters);
	}

	@Bean
	@ConditionalOnMissingBean
	HealthMetrics healthMetrics(MeterRegistry meters, Registry registry) {
		return new HealthMetrics(meters, registry);
	}

	/** The checker and its probes, unless {@code discovery.server.health.enabled=false}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "discovery.server.health.enabled", matchIfMissing = true)
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
				HealthCheckProperties properties) {
			return new HealthChecker(registry, clock, Map.of(HealthCheckType.HTTP, http, HealthCheckType.TCP, tcp),
					protection, metrics, new HealthChecker.Settings(registryScheduler, threads.executor(),
							properties.getTick(), properties.getMaxConcurrentChecks()));
		}

	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "discovery.server.health.verify-address", havingValue = "true")
	AddressVerifier addressVerifier(HealthCheckProperties properties) {
		return new AddressVerifier(properties.getVerifyTimeout());
	}

}
