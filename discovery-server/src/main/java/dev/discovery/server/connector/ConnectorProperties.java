package dev.discovery.server.connector;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on the HTTP connector, under {@code discovery.server.connector}. Tomcat's own {@code server.tomcat.*}
 * settings bound the rest: connections in all ({@code max-connections}), idle connections
 * ({@code keep-alive-timeout}, {@code connection-timeout}) and worker threads ({@code threads.max}).
 */
@ConfigurationProperties("discovery.server.connector")
public class ConnectorProperties {

	/**
	 * How long a request may take to arrive, header and body, from its first byte; a slower one is answered 408 (or,
	 * while its header is still arriving, its connection is closed).
	 */
	private Duration requestTimeout = Duration.ofSeconds(10);

	/**
	 * After a request is answered before its body was read (a 401, a 413), how long the connection goes on reading
	 * and discarding the rest so the client can read the answer before the connection is closed (the answer says
	 * {@code Connection: close}). Never longer than what is left of the request timeout.
	 */
	private Duration lingerTimeout = Duration.ofSeconds(1);

	/** Most requests one client address may have in progress at once; further ones answer 429. 0 for no limit. */
	private int maxRequestsPerAddress = 64;

	/** Most connections one client address may hold open; further ones are closed at once. 0 for no limit. */
	private int maxConnectionsPerAddress = 512;

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getLingerTimeout() {
		return this.lingerTimeout;
	}

	public void setLingerTimeout(Duration lingerTimeout) {
		this.lingerTimeout = lingerTimeout;
	}

	public int getMaxRequestsPerAddress() {
		return this.maxRequestsPerAddress;
	}

	public void setMaxRequestsPerAddress(int maxRequestsPerAddress) {
		this.maxRequestsPerAddress = maxRequestsPerAddress;
	}

	public int getMaxConnectionsPerAddress() {
		return this.maxConnectionsPerAddress;
	}

	public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
		this.maxConnectionsPerAddress = maxConnectionsPerAddress;
	}

}
