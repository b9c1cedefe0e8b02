package dev.discovery.server.lease;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.Registry;

/**
 * Lease expiry on the registry's scheduler, held back by an {@link ExpiryGuard} when there is one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeaseProperties.class)
class LeaseConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LeaseExpirer leaseExpirer(Registry registry, TaskScheduler registryScheduler, LeaseProperties properties,
			ObjectProvider<ExpiryGuard> expiryGuard) {
		return new LeaseExpirer(registry, registryScheduler, properties.getEvictionInterval(),
				expiryGuard.getIfAvailable(() -> ExpiryGuard.NONE));
	}

}
