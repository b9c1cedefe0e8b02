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

	/** The registry-wide rule applies once the registry holds at least this many instances. */
	private int minRegistryInstances = 10;

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

	ProtectionMode.Settings toSettings() {
		return new ProtectionMode.Settings(this.enabled, this.threshold, this.window, this.minInstances,
				this.minRegistryInstances);
	}

}
