package dev.discovery.server.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Instance leases, under {@code discovery.server.lease}.
 */
@ConfigurationProperties("discovery.server.lease")
public class LeaseProperties {

	/** Lease TTL of a registration that does not ask for one. */
	private Duration defaultTtl = Duration.ofSeconds(15);

	/** Shortest lease TTL granted; shorter requests are raised to it. */
	private Duration minTtl = Duration.ofSeconds(5);

	/** Longest lease TTL granted; longer requests are lowered to it. */
	private Duration maxTtl = Duration.ofMinutes(5);

	/** How often expired leases are looked for. */
	private Duration evictionInterval = Duration.ofSeconds(1);

	public Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	public void setDefaultTtl(Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
	}

	public Duration getMinTtl() {
		return this.minTtl;
	}

	public void setMinTtl(Duration minTtl) {
		this.minTtl = minTtl;
	}

	public Duration getMaxTtl() {
		return this.maxTtl;
	}

	public void setMaxTtl(Duration maxTtl) {
		this.maxTtl = maxTtl;
	}

	public Duration getEvictionInterval() {
		return this.evictionInterval;
	}

	public void setEvictionInterval(Duration evictionInterval) {
		this.evictionInterval = evictionInterval;
	}

}
