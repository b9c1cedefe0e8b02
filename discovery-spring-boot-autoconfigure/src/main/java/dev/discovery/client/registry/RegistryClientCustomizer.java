package dev.discovery.client.registry;

import org.springframework.web.client.RestClient;

/**
 * Customizes the {@link RestClient.Builder} of each registry URL before its client is built: add interceptors or
 * default headers, or replace the request factory (for timeouts other than {@code discovery.registry.*}). Beans of
 * this type are applied in order. The builder already carries the base URL, the JDK request factory, the JSON
 * converter and the token; it is never the application's (possibly {@code @LoadBalanced}) builder. The watch stream
 * does not go through it: see {@link RegistryHttpClientCustomizer} for what both share.
 */
@FunctionalInterface
public interface RegistryClientCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder of one registry URL's client
	 */
	void customize(RestClient.Builder builder);

}
