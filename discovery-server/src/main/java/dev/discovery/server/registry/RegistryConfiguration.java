package dev.discovery.server.registry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;

/**
 * What every store shares: the validator, and the one place where every {@link RegistryListener} bean is subscribed to the
 * change feed.
 */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HealthCheckDefaults healthCheckDefaults() {
		return HealthCheckDefaults.standard();
	}

	@Bean
	@ConditionalOnMissingBean
	RegistrationValidator registrationValidator(LeaseProperties lease, LimitsProperties limits,
			HealthCheckDefaults healthCheckDefaults) {
		return new RegistrationValidator(lease, limits, healthCheckDefaults);
	}

	@Bean
	static RegistryListeners registryListeners(ObjectProvider<Registry> registry,
			ObjectProvider<RegistryListener> listeners) {
		return new RegistryListeners(registry, listeners);
	}

}
