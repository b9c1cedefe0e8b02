package dev.discovery.client.autoconfigure;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.serviceregistry.Backoff;
import dev.discovery.client.serviceregistry.DiscoveryRegistration;
import dev.discovery.client.serviceregistry.DiscoveryServiceRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Cloud's {@code ServiceRegistry} and this application's {@code Registration}.
 */
@AutoConfiguration(after = RegistryClientAutoConfiguration.class, before = ServiceRegistryAutoConfiguration.class)
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnBooleanProperty(name = "spring.cloud.service-registry.enabled", matchIfMissing = true)
public final class DiscoveryServiceRegistryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DiscoveryRegistration discoveryRegistration(DiscoveryProperties properties, Environment environment) {
		return RegistrationFactory.create(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	DiscoveryServiceRegistry discoveryServiceRegistry(RegistryClient client, DiscoveryProperties properties,
			ObjectProvider<RegistryMetrics> metrics) {
		DiscoveryProperties.Retry retry = properties.getRetry();
		DiscoveryServiceRegistry.Settings settings = new DiscoveryServiceRegistry.Settings(
				properties.getHeartbeat().getInterval(),
				new Backoff(retry.getInitialInterval(), retry.getMaxInterval()), properties.isFailFast(),
				metrics.getIfAvailable(() -> RegistryMetrics.NONE));
		// Its heartbeat thread is its own: a TaskScheduler bean would become the application's @Scheduled one.
		return new DiscoveryServiceRegistry(client, settings);
	}

}
