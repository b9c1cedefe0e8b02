package dev.discovery.client.autoconfigure;

import java.time.Clock;

import javax.net.ssl.SSLContext;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryEndpoints;
import dev.discovery.client.registry.RegistryMetrics;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * The registry HTTP client, shared by discovery and registration.
 */
@AutoConfiguration
@ConditionalOnDiscoveryClientEnabled
@EnableConfigurationProperties(DiscoveryProperties.class)
public final class RegistryClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistryClient discoveryRegistryClient(DiscoveryProperties properties, ObjectProvider<RegistryMetrics> metrics,
			ObjectProvider<SslBundles> sslBundles) {
		RegistryProperties registry = properties.getRegistry();
		// The system clock, never the application's Clock bean: a fixed or offset test clock must not pin fail-back.
		RegistryEndpoints endpoints = new RegistryEndpoints(registry.getUrl(), registry.getFailbackAfter(),
				Clock.systemUTC());
		return new RegistryClient(endpoints, registry.getConnectTimeout(), registry.getReadTimeout(),
				metrics.getIfAvailable(() -> RegistryMetrics.NONE), registry.getToken(),
				sslContext(registry.getSslBundle(), sslBundles));
	}

	static @Nullable SSLContext sslContext(@Nullable String bundle, ObjectProvider<SslBundles> sslBundles) {
		if (bundle == null || bundle.isBlank()) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException("discovery.registry.ssl-bundle is '" + bundle
					+ "' but no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		return bundles.getBundle(bundle).createSslContext();
	}

}
