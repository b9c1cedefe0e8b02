package dev.discovery.client.autoconfigure;

import java.time.Duration;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.serviceregistry.DeregistrationLifecycle;
import dev.discovery.client.serviceregistry.DiscoveryAutoServiceRegistration;
import dev.discovery.client.serviceregistry.DiscoveryRegistration;
import dev.discovery.client.serviceregistry.DiscoveryServiceRegistry;
import dev.discovery.client.serviceregistry.ReadinessStatusListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Registers the application once its web server is up and deregisters it before the server drains.
 */
@AutoConfiguration(after = DiscoveryServiceRegistryAutoConfiguration.class,
		before = AutoServiceRegistrationAutoConfiguration.class)
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnBooleanProperty(name = "spring.cloud.service-registry.auto-registration.enabled", matchIfMissing = true)
@ConditionalOnBean(DiscoveryServiceRegistry.class)
@Import(AutoServiceRegistrationConfiguration.class)
public final class DiscoveryAutoRegistrationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DiscoveryAutoServiceRegistration discoveryAutoServiceRegistration(ApplicationContext context,
			DiscoveryServiceRegistry serviceRegistry, AutoServiceRegistrationProperties autoRegistrationProperties,
			DiscoveryRegistration registration, ObjectProvider<ApplicationAvailability> availability) {
		return new DiscoveryAutoServiceRegistration(context, serviceRegistry, autoRegistrationProperties,
				registration, availability.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	ReadinessStatusListener discoveryReadinessStatusListener(DiscoveryServiceRegistry serviceRegistry,
			DiscoveryRegistration registration) {
		return new ReadinessStatusListener(serviceRegistry, registration);
	}

	@Bean
	@ConditionalOnMissingBean
	DeregistrationLifecycle discoveryDeregistrationLifecycle(DiscoveryAutoServiceRegistration autoServiceRegistration,
			DiscoveryProperties properties, RegistryClient client, DiscoveryRegistration registration) {
		// The registry confirms when the change reached every watcher and every subscriber of this service applied
		// it; within the read timeout.
		Duration longest = properties.getRegistry().getReadTimeout().minusMillis(250);
		return new DeregistrationLifecycle(autoServiceRegistration, properties.getShutdown().getDrainTimeout(),
				(timeout) -> client.awaitApplied(registration.getServiceId(),
						(timeout.compareTo(longest) < 0) ? timeout : longest));
	}

}
