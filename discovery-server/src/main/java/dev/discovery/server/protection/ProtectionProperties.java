package dev.discovery.server.protection;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Protection mode, under {@code discovery.server.protection}: when too many instances fail or expire at once, the
 * registry suspects itself or the network and keeps them.
 */
@ConfigurationProperties("discovery.server.protection")
public class ProtectionProperties {

	/** Whether protection mode may start. */
	private boolean enabled = true;

	/** Share of a service's (or of all) instances that may fail or expire within the window; more starts it. */
	private double threshold = 0.5;

	/** How far back failures and expirations count. */
	private Duration window = Duration.ofSeconds(30);

	/** Services with fewer instances are never protected on their own. */
	private int minInstances = 3;

	/**
	 * Tenants (the whole registry when no tokens are configured) with fewer instances are never protected as a whole.
	 */
	private int minRegistryInstances = 10;

	/** The longest an instance is held; then it is let go, without counting as a new loss. */
	private Duration maxHold = Duration.ofMinutes(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getThreshold() {
		return this.threshold;
	}

	public void setThreshold(double threshold) {
		this.threshold = threshold;
	}

	public Duration getWindow() {
		return this.window;
	}

	public void setWindow(Duration window) {
		this.window = window;
	}

	public int getMinInstances() {
		return this.minInstances;
	}

	public void setMinInstances(int minInstances) {
		this.minInstances = minInstances;
	}

	public int getMinRegistryInstances() {
		return this.minRegistryInstances;
	}

	public void setMinRegistryInstances(int minRegistryInstances) {
		this.minRegistryInstances = minRegistryInstances;
	}

	public Duration getMaxHold() {
		return this.maxHold;
	}

	public void setMaxHold(Duration maxHold) {
		this.maxHold = maxHold;
	}

	ProtectionMode.Settings toSettings() {
		return new ProtectionMode.Settings(this.enabled, this.threshold, this.window, this.minInstances,
				this.minRegistryInstances, this.maxHold);
	}

}
