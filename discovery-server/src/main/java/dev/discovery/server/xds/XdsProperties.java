package dev.discovery.server.xds;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the xDS control plane, under {@code discovery.server.xds}.
 */
@ConfigurationProperties("discovery.server.xds")
public class XdsProperties {

	private static final Duration MAX_PUBLISH_INTERVAL = Duration.ofSeconds(1);

	/** Whether the registry serves xDS (ADS, CDS, EDS, LDS, RDS) to Envoy and proxyless gRPC clients. */
	private boolean enabled = true;

	/** Address the gRPC port listens on; 0.0.0.0 serves every interface. */
	private String address = "127.0.0.1";

	/** The gRPC port; 0 picks a free one. */
	private int port = 18000;

	/**
	 * SSL bundle for TLS on the gRPC port. When unset, the port uses the HTTP server's TLS ({@code server.ssl.*})
	 * if that is enabled, and plain text otherwise.
	 */
	private @Nullable String sslBundle;

	/** Most xDS streams one client address may hold open; 0 for no limit. */
	private int maxStreamsPerAddress = 256;

	/** Most connections one client address may hold open to the xDS port; further ones are closed at once. */
	private int maxConnectionsPerAddress = 256;

	/**
	 * Most connections the xDS port holds open in all; further ones are closed at once, so the port cannot use up
	 * the file descriptors that the HTTP and DNS ports and the journal need.
	 */
	private int maxConnections = 4096;

	/** Most concurrent streams on one HTTP/2 connection. */
	private int maxStreamsPerConnection = 100;

	/**
	 * Most responses a stream may have waiting for a client that does not read them; beyond it the stream is closed
	 * and the client must reconnect.
	 */
	private int maxUnreadResponses = 32;

	/** Largest request a client may send. */
	private DataSize maxRequestSize = DataSize.ofMegabytes(4);

	/** How often the server pings an idle connection to find dead clients. */
	private Duration keepAliveTime = Duration.ofSeconds(30);

	/** How long a ping may go unanswered before the connection is closed. */
	private Duration keepAliveTimeout = Duration.ofSeconds(10);

	/** Shortest interval at which clients may ping; faster pingers are disconnected. */
	private Duration permitKeepAliveTime = Duration.ofSeconds(10);

	/** How long streams get to finish when the registry stops. */
	private Duration shutdownTimeout = Duration.ofSeconds(2);

	/**
	 * Shortest time between two published states; changes within it go out together, so a burst of registrations
	 * does not rebuild a service once per change. Between 0 (publish every change at once) and 1s.
	 */
	private Duration publishInterval = Duration.ofMillis(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAddress() {
		return this.address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public int getMaxStreamsPerAddress() {
		return this.maxStreamsPerAddress;
	}

	public void setMaxStreamsPerAddress(int maxStreamsPerAddress) {
		this.maxStreamsPerAddress = maxStreamsPerAddress;
	}

	public int getMaxConnectionsPerAddress() {
		return this.maxConnectionsPerAddress;
	}

	public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
		this.maxConnectionsPerAddress = maxConnectionsPerAddress;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxStreamsPerConnection() {
		return this.maxStreamsPerConnection;
	}

	public void setMaxStreamsPerConnection(int maxStreamsPerConnection) {
		this.maxStreamsPerConnection = maxStreamsPerConnection;
	}

	public int getMaxUnreadResponses() {
		return this.maxUnreadResponses;
	}

	public void setMaxUnreadResponses(int maxUnreadResponses) {
		this.maxUnreadResponses = maxUnreadResponses;
	}

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
	}

	public Duration getKeepAliveTime() {
		return this.keepAliveTime;
	}

	public void setKeepAliveTime(Duration keepAliveTime) {
		this.keepAliveTime = keepAliveTime;
	}

	public Duration getKeepAliveTimeout() {
		return this.keepAliveTimeout;
	}

	public void setKeepAliveTimeout(Duration keepAliveTimeout) {
		this.keepAliveTimeout = keepAliveTimeout;
	}

	public Duration getPermitKeepAliveTime() {
		return this.permitKeepAliveTime;
	}

	public void setPermitKeepAliveTime(Duration permitKeepAliveTime) {
		this.permitKeepAliveTime = permitKeepAliveTime;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getPublishInterval() {
		return this.publishInterval;
	}

	public void setPublishInterval(Duration publishInterval) {
		if (publishInterval.isNegative() || publishInterval.compareTo(MAX_PUBLISH_INTERVAL) > 0) {
			throw new IllegalArgumentException("discovery.server.xds.publish-interval must be between 0 and "
					+ MAX_PUBLISH_INTERVAL.toMillis() + "ms: every change waits up to this long to reach xDS clients, "
					+ "but was " + publishInterval);
		}
		this.publishInterval = publishInterval;
	}

}
