package dev.discovery.server.config;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.discovery.protocol.HealthCheckType;
import dev.discovery.server.health.AddressVerifier;
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
	ProtectionMetrics protectionMetrics(ProtectionMode protection, MeterRegistry meters) {
		return new ProtectionMetrics(protection, meters);
	}

	@Bean
	HealthMetrics healthMetrics(MeterRegistry meters, Registry registry) {
		return new HealthMetrics(meters, registry);
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnProperty(name = "discovery.server.health.enabled", matchIfMissing = true)
	ThreadPoolTaskExecutor healthCheckExecutor(HealthCheckProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(properties.getThreads());
		executor.setMaxPoolSize(properties.getThreads());
		executor.setThreadNamePrefix("health-");
		executor.setDaemon(true);
		executor.initialize();
		return executor;
	}

	@Bean
	@ConditionalOnProperty(name = "discovery.server.health.enabled", matchIfMissing = true)
	HttpHealthProbe httpHealthProbe(@Qualifier("healthCheckExecutor") ThreadPoolTaskExecutor executor) {
		return new HttpHealthProbe(executor);
	}

	@Bean
	@ConditionalOnProperty(name = "discovery.server.health.enabled", matchIfMissing = true)
	TcpHealthProbe tcpHealthProbe(@Qualifier("healthCheckExecutor") ThreadPoolTaskExecutor executor) {
		return new TcpHealthProbe(executor);
	}

	@Bean
	@ConditionalOnProperty(name = "discovery.server.health.enabled", matchIfMissing = true)
	HealthChecker healthChecker(Registry registry, Clock clock, HttpHealthProbe http, TcpHealthProbe tcp,
			ProtectionMode protection, HealthMetrics metrics, TaskScheduler registryScheduler,
			@Qualifier("healthCheckExecutor") ThreadPoolTaskExecutor executor, HealthCheckProperties properties) {
		return new HealthChecker(registry, clock, Map.of(HealthCheckType.HTTP, http, HealthCheckType.TCP, tcp),
				protection, metrics, new HealthChecker.Settings(registryScheduler, executor, properties.getTick(),
						properties.getMaxConcurrentChecks()));
	}

	@Bean
	@ConditionalOnProperty(name = "discovery.server.health.verify-address", havingValue = "true")
	AddressVerifier addressVerifier(HealthCheckProperties properties) {
		return new AddressVerifier(properties.getVerifyTimeout());
	}

}
