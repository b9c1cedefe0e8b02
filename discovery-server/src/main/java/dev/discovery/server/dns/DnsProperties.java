package dev.discovery.server.dns;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the DNS interface, under {@code discovery.server.dns}.
 */
@ConfigurationProperties("discovery.server.dns")
public class DnsProperties {

	/** Whether the registry answers DNS queries. */
	private boolean enabled = true;

	/** Address to listen on, for UDP and TCP; 0.0.0.0 serves every interface. */
	private String address = "127.0.0.1";

	/** Port to listen on, for UDP and TCP; 0 picks a free one. */
	private int port = 8600;

	/** Domain the registry is authoritative for; names outside it are refused. */
	private String domain = "discovery.";

	/** Time to live of every answer; 0 keeps resolvers from caching, so health changes show in the next answer. */
	private Duration ttl = Duration.ZERO;

	/**
	 * Largest UDP answer, in bytes, when the client offers more (EDNS); larger answers are truncated so the client
	 * retries over TCP. The default avoids IP fragmentation; clients without EDNS always get at most 512.
	 */
	private int maxUdpPayload = 1232;

	/** Most TCP connections served at once; further ones are closed at once. */
	private int maxTcpConnections = 64;

	/** How long an idle TCP connection is kept open. */
	private Duration tcpIdleTimeout = Duration.ofSeconds(5);

	/**
	 * How long one TCP message may take to arrive, from its first byte to its last; a slower one closes the
	 * connection, so a client trickling bytes holds a connection no longer than this.
	 */
	private Duration tcpMessageTimeout = Duration.ofSeconds(2);

	/** Most TCP connections one client address may hold at once; further ones are closed at once. 0 for no limit. */
	private int maxTcpConnectionsPerAddress = 8;

	/**
	 * UDP answers per second one client address may get (response rate limiting); queries beyond it are dropped
	 * unanswered and counted. 0 for no limit.
	 */
	private int udpRateLimit = 100;

	/** UDP answers one client address may get at once before the rate applies. */
	private int udpRateBurst = 200;

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

	public String getDomain() {
		return this.domain;
	}

	public void setDomain(String domain) {
		this.domain = domain;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public int getMaxUdpPayload() {
		return this.maxUdpPayload;
	}

	public void setMaxUdpPayload(int maxUdpPayload) {
		this.maxUdpPayload = maxUdpPayload;
	}

	public int getMaxTcpConnections() {
		return this.maxTcpConnections;
	}

	public void setMaxTcpConnections(int maxTcpConnections) {
		this.maxTcpConnections = maxTcpConnections;
	}

	public Duration getTcpMessageTimeout() {
		return this.tcpMessageTimeout;
	}

	public void setTcpMessageTimeout(Duration tcpMessageTimeout) {
		this.tcpMessageTimeout = tcpMessageTimeout;
	}

	public int getMaxTcpConnectionsPerAddress() {
		return this.maxTcpConnectionsPerAddress;
	}

	public void setMaxTcpConnectionsPerAddress(int maxTcpConnectionsPerAddress) {
		this.maxTcpConnectionsPerAddress = maxTcpConnectionsPerAddress;
	}

	public int getUdpRateLimit() {
		return this.udpRateLimit;
	}

	public void setUdpRateLimit(int udpRateLimit) {
		this.udpRateLimit = udpRateLimit;
	}

	public int getUdpRateBurst() {
		return this.udpRateBurst;
	}

	public void setUdpRateBurst(int udpRateBurst) {
		this.udpRateBurst = udpRateBurst;
	}

	public Duration getTcpIdleTimeout() {
		return this.tcpIdleTimeout;
	}

	public void setTcpIdleTimeout(Duration tcpIdleTimeout) {
		this.tcpIdleTimeout = tcpIdleTimeout;
	}

}
