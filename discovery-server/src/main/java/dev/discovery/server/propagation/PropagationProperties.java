package dev.discovery.server.propagation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Time to truth, under {@code discovery.server.propagation}.
 */
@ConfigurationProperties("discovery.server.propagation")
public class PropagationProperties {

	/** How far back the time-to-truth figures of a service reach. */
	private Duration window = Duration.ofMinutes(5);

	/** Most completed changes kept per service for the figures; the oldest go first. */
	private int maxSamples = 4096;

	/** Most changes per service still waiting for some subscriber; beyond it the oldest counts at its age. */
	private int maxOpenChanges = 1024;

	/**
	 * How long a subscriber may be behind before it is reported as lagging, and before a change it has not
	 * acknowledged counts in the figures at its age (clients acknowledge once a second by default).
	 */
	private Duration lagThreshold = Duration.ofSeconds(2);

	public Duration getWindow() {
		return this.window;
	}

	public void setWindow(Duration window) {
		this.window = window;
	}

	public int getMaxSamples() {
		return this.maxSamples;
	}

	public void setMaxSamples(int maxSamples) {
		this.maxSamples = maxSamples;
	}

	public int getMaxOpenChanges() {
		return this.maxOpenChanges;
	}

	public void setMaxOpenChanges(int maxOpenChanges) {
		this.maxOpenChanges = maxOpenChanges;
	}

	public Duration getLagThreshold() {
		return this.lagThreshold;
	}

	public void setLagThreshold(Duration lagThreshold) {
		this.lagThreshold = lagThreshold;
	}

}
