package dev.discovery.client.autoconfigure;

import java.net.http.HttpClient;

import javax.net.ssl.SSLContext;

import dev.discovery.client.registry.RegistryHttpClientCustomizer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds the JDK {@link HttpClient} of the registry calls and of the watch, from {@code discovery.registry.*} and
 * the {@link RegistryHttpClientCustomizer} beans. Deliberately not a bean: an {@code HttpClient} bean would be picked
 * up by the application's own clients.
 */
final class RegistryHttpClients {

	private RegistryHttpClients() {
	}

	static HttpClient create(RegistryProperties registry, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<RegistryHttpClientCustomizer> customizers) {
		HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(registry.getConnectTimeout());
		SSLContext ssl = sslContext(registry.getSslBundle(), sslBundles);
		if (ssl != null) {
			http.sslContext(ssl);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(http));
		return http.build();
	}

	private static @Nullable SSLContext sslContext(@Nullable String bundle, ObjectProvider<SslBundles> sslBundles) {
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
