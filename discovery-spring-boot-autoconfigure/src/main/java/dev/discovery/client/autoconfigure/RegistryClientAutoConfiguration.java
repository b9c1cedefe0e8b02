package dev.discovery.client.autoconfigure;

import java.time.Clock;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryClientCustomizer;
import dev.discovery.client.registry.RegistryEndpoints;
import dev.discovery.client.registry.RegistryHttpClientCustomizer;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.registry.RegistryObservationConvention;
import dev.discovery.client.registry.RegistryTokenSupplier;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * The registry HTTP client, shared by discovery and registration, with its seams: {@link RegistryTokenSupplier}
 * (asked before every request; {@code discovery.registry.token} by default), {@link RegistryClientCustomizer} and
 * {@link RegistryHttpClientCustomizer} beans, and an observation of every operation when an
 * {@link ObservationRegistry} bean exists.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnDiscoveryClientEnabled
@EnableConfigurationProperties(DiscoveryProperties.class)
public final class RegistryClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistryTokenSupplier discoveryRegistryTokenSupplier(DiscoveryProperties properties) {
		return RegistryTokenSupplier.of(properties.getRegistry().getToken());
	}

	@Bean
	@ConditionalOnMissingBean
	RegistryClient discoveryRegistryClient(DiscoveryProperties properties, RegistryTokenSupplier tokens,
			ObjectProvider<RegistryMetrics> metrics, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<RegistryHttpClientCustomizer> httpCustomizers,
			ObjectProvider<RegistryClientCustomizer> customizers, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<RegistryObservationConvention> convention) {
		RegistryProperties registry = properties.getRegistry();
		// The system clock, never the application's Clock bean: a fixed or offset test clock must not pin fail-back.
		RegistryEndpoints endpoints = new RegistryEndpoints(registry.getUrl(), registry.getFailbackAfter(),
				Clock.systemUTC());
		return new RegistryClient(endpoints, RegistryHttpClients.create(registry, sslBundles, httpCustomizers),
				registry.getReadTimeout(), metrics.getIfAvailable(() -> RegistryMetrics.NONE), tokens,
				(builder) -> customizers.orderedStream().forEach((customizer) -> customizer.customize(builder)),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP), convention.getIfAvailable());
	}

}
