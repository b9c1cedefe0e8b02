package dev.discovery.client.autoconfigure;

import dev.discovery.client.discovery.InstanceLookup;
import dev.discovery.client.discovery.RegistryDiscoveryClient;
import dev.discovery.client.discovery.RegistryInstanceLookup;
import dev.discovery.client.registry.RegistryClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Cloud's blocking {@code DiscoveryClient} over the registry, and the lookup behind both discovery clients.
 */
@AutoConfiguration(after = RegistryClientAutoConfiguration.class,
		before = { SimpleDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class })
@ConditionalOnDiscoveryClientEnabled
@EnableConfigurationProperties(DiscoveryProperties.class)
public final class DiscoveryClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InstanceLookup discoveryInstanceLookup(RegistryClient client) {
		return new RegistryInstanceLookup(client);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBlockingDiscoveryEnabled
	static class BlockingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RegistryDiscoveryClient registryDiscoveryClient(InstanceLookup lookup, DiscoveryProperties properties) {
			return new RegistryDiscoveryClient(lookup, properties.getOrder());
		}

	}

}
