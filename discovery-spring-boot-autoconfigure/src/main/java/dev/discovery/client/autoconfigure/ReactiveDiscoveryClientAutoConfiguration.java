package dev.discovery.client.autoconfigure;

import dev.discovery.client.discovery.InstanceLookup;
import dev.discovery.client.discovery.RegistryReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Cloud's {@code ReactiveDiscoveryClient} over the registry.
 */
@AutoConfiguration(after = DiscoveryClientAutoConfiguration.class,
		before = ReactiveCompositeDiscoveryClientAutoConfiguration.class)
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnClass(Flux.class)
public final class ReactiveDiscoveryClientAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnReactiveDiscoveryEnabled
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RegistryReactiveDiscoveryClient registryReactiveDiscoveryClient(InstanceLookup lookup,
				DiscoveryProperties properties) {
			return new RegistryReactiveDiscoveryClient(lookup, properties.getOrder());
		}

	}

}
