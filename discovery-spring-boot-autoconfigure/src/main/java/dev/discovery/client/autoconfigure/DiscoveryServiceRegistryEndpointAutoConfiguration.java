package dev.discovery.client.autoconfigure;

import dev.discovery.client.serviceregistry.DiscoveryRegistration;
import dev.discovery.client.serviceregistry.DiscoveryServiceRegistry;
import dev.discovery.client.serviceregistry.ServiceRegistryEndpointWebExtension;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.endpoint.ServiceRegistryEndpoint;
import org.springframework.context.annotation.Bean;

/**
 * Answers {@code /actuator/serviceregistry} requests that Spring Cloud's endpoint would fail with a {@code 500}
 * (an unknown status, an unreachable registry) with a problem detail instead.
 */
@AutoConfiguration(after = { DiscoveryServiceRegistryAutoConfiguration.class, ServiceRegistryAutoConfiguration.class })
@ConditionalOnClass({ ServiceRegistryEndpoint.class, WebEndpointResponse.class })
@ConditionalOnBean({ ServiceRegistryEndpoint.class, DiscoveryServiceRegistry.class, DiscoveryRegistration.class })
public final class DiscoveryServiceRegistryEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceRegistryEndpointWebExtension discoveryServiceRegistryEndpointWebExtension(
			DiscoveryServiceRegistry serviceRegistry, DiscoveryRegistration registration) {
		return new ServiceRegistryEndpointWebExtension(serviceRegistry, registration);
	}

}
