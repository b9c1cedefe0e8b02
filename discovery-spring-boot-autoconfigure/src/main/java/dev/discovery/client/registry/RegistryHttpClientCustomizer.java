package dev.discovery.client.registry;

import java.net.http.HttpClient;

/**
 * Customizes the JDK {@link HttpClient.Builder} behind both the registry calls and the watch stream: connect
 * timeout, proxy, executor, HTTP version, TLS parameters. Beans of this type are applied in order, after
 * {@code discovery.registry.connect-timeout} and {@code discovery.registry.ssl-bundle}.
 */
@FunctionalInterface
public interface RegistryHttpClientCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(HttpClient.Builder builder);

}
