package dev.discovery.server.eureka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Eureka REST API, under {@code discovery.server.eureka}.
 */
@ConfigurationProperties("discovery.server.eureka")
public class EurekaProperties {

	/** Whether the registry serves the Eureka REST API under /eureka on its HTTP port. */
	private boolean enabled = true;

	/** How long a change stays in the answers to GET /eureka/apps/delta (Eureka's default is 3 minutes). */
	private Duration deltaRetention = Duration.ofMinutes(3);

	/** Most changes kept for GET /eureka/apps/delta; older ones are dropped first and clients then fetch all. */
	private int deltaCapacity = 20_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getDeltaRetention() {
		return this.deltaRetention;
	}

	public void setDeltaRetention(Duration deltaRetention) {
		this.deltaRetention = deltaRetention;
	}

	public int getDeltaCapacity() {
		return this.deltaCapacity;
	}

	public void setDeltaCapacity(int deltaCapacity) {
		this.deltaCapacity = deltaCapacity;
	}

}
