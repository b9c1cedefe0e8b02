package dev.discovery.server.etcd;

import java.net.URI;
import java.util.List;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * Builds the etcd client from {@link EtcdProperties}: endpoints, TLS from a Spring Boot SSL bundle, and user and
 * password.
 */
final class EtcdClients {

	private EtcdClients() {
	}

	static Client create(EtcdProperties properties, @Nullable SslBundles bundles) {
		return builder(properties, bundles).build();
	}

	/**
	 * The configured endpoints.
	 * @param properties the etcd properties
	 * @return their URLs, in order
	 */
	static List<URI> endpoints(EtcdProperties properties) {
		List<URI> endpoints = properties.getEndpoints().stream().map(String::strip).filter((e) -> !e.isEmpty())
			.map(EtcdClients::endpoint).toList();
		if (endpoints.isEmpty()) {
			throw new IllegalStateException("discovery.server.etcd.endpoints is empty: name at least one etcd client URL");
		}
		return endpoints;
	}

	/**
	 * A client builder on every configured endpoint; {@code copy().endpoints(one)} gives a client on one of them with
	 * the same settings.
	 * @param properties the etcd properties
	 * @param bundles the SSL bundles, if any
	 * @return the builder
	 */
	static ClientBuilder builder(EtcdProperties properties, @Nullable SslBundles bundles) {
		List<URI> endpoints = endpoints(properties);
		ClientBuilder builder = Client.builder()
			.endpoints(endpoints)
			.connectTimeout(properties.getRequestTimeout())
			.retryMaxDuration(properties.getRequestTimeout())
			// Fail a call at once while no endpoint is connected: the registry answers 503 rather than hang.
			.waitForReady(false);
		if (StringUtils.hasText(properties.getUsername())) {
			builder.user(EtcdKeys.bytes(properties.getUsername()))
				.password(EtcdKeys.bytes((properties.getPassword() != null) ? properties.getPassword() : ""));
		}
		String bundleName = properties.getSslBundle();
		if (StringUtils.hasText(bundleName)) {
			if (bundles == null) {
				throw new IllegalStateException("discovery.server.etcd.ssl-bundle is set but no SSL bundles are configured");
			}
			tls(builder, bundles.getBundle(bundleName));
		}
		else if (endpoints.stream().anyMatch((uri) -> "https".equals(uri.getScheme()))) {
			// The JDK's trust store, like any https client without a bundle.
			tls(builder, null);
		}
		return builder;
	}

	/**
	 * A client on one endpoint with every other setting of the builder: TLS, user and password, timeouts. Lease
	 * renewals go to etcd's leader on such a client ({@link LeaderLeases}).
	 * @param builder the builder on every configured endpoint
	 * @param endpoint the one endpoint
	 * @return the client
	 */
	static Client onEndpoint(ClientBuilder builder, URI endpoint) {
		return builder.copy().endpoints(endpoint).build();
	}

	private static URI endpoint(String value) {
		URI uri;
		try {
			uri = URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			uri = URI.create("invalid:x");
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
				|| uri.getPort() < 0) {
			throw new IllegalStateException("discovery.server.etcd.endpoints takes URLs such as http://10.0.0.1:2379, not '"
					+ value + "'");
		}
		return uri;
	}

	private static void tls(ClientBuilder builder, @Nullable SslBundle bundle) {
		try {
			builder.sslContext((ssl) -> {
				if (bundle != null) {
					ssl.trustManager(bundle.getManagers().getTrustManagerFactory());
					if (bundle.getStores().getKeyStore() != null) {
						ssl.keyManager(bundle.getManagers().getKeyManagerFactory());
					}
				}
			});
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Could not set up TLS for etcd: " + ex.getMessage(), ex);
		}
	}

}
