package dev.discovery.client.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where the registry is and how to reach it, under {@code discovery.registry}.
 */
public class RegistryProperties {

	/** Registry base URLs; requests fail over in order and return to the first when it is back. */
	private List<URI> url = new ArrayList<>(List.of(URI.create("http://localhost:8761")));

	/** Bearer token sent to the registry; needs the register role for this service and read to discover others. */
	private @Nullable String token;

	/** SSL bundle (spring.ssl.bundle.*) whose trust material verifies an https registry URL. */
	private @Nullable String sslBundle;

	/** How long to wait for a connection to one registry URL. */
	private Duration connectTimeout = Duration.ofSeconds(2);

	/** How long to wait for one registry URL's answer. */
	private Duration readTimeout = Duration.ofSeconds(5);

	/** How long to stay on a fallback registry URL before trying the first one again. */
	private Duration failbackAfter = Duration.ofSeconds(30);

	public List<URI> getUrl() {
		return this.url;
	}

	public void setUrl(List<URI> url) {
		this.url = url;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Duration getFailbackAfter() {
		return this.failbackAfter;
	}

	public void setFailbackAfter(Duration failbackAfter) {
		this.failbackAfter = failbackAfter;
	}

}
