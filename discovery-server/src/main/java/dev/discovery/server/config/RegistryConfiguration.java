package dev.discovery.server.config;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.discovery.server.lease.LeaseExpirer;
import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;

/**
 * The registry, its clock, its validator and the scheduler that expires leases.
 */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	Registry registry(Clock clock, DiscoveryServerProperties properties) {
		LimitsProperties limits = properties.getLimits();
		return new Registry(clock, limits.getMaxInstancesPerService(), limits.getMaxInstances());
	}

	@Bean
	@ConditionalOnMissingBean
	HealthCheckDefaults healthCheckDefaults() {
		return HealthCheckDefaults.standard();
	}

	@Bean
	@ConditionalOnMissingBean
	RegistrationValidator registrationValidator(DiscoveryServerProperties properties,
			HealthCheckDefaults healthCheckDefaults) {
		return new RegistrationValidator(properties, healthCheckDefaults);
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean(name = "registryScheduler")
	ThreadPoolTaskScheduler registryScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("registry-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

	@Bean
	LeaseExpirer leaseExpirer(Registry registry, TaskScheduler registryScheduler,
			DiscoveryServerProperties properties, ObjectProvider<ExpiryGuard> expiryGuard) {
		return new LeaseExpirer(registry, registryScheduler, properties.getLease().getEvictionInterval(),
				expiryGuard.getIfAvailable(() -> ExpiryGuard.NONE));
	}

}
