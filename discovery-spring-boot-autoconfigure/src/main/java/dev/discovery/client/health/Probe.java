package dev.discovery.client.health;

import org.jspecify.annotations.Nullable;

/**
 * The health endpoints served on the application's own port, and the Actuator health group each one answers like.
 */
public enum Probe {

	/** {@code /health}: the overall health, like {@code /actuator/health}. */
	HEALTH("/health", null),

	/** {@code /health/ready}: like {@code /actuator/health/readiness}; the registry checks this one. */
	READY("/health/ready", "readiness"),

	/** {@code /health/live}: like {@code /actuator/health/liveness}. */
	LIVE("/health/live", "liveness");

	private final String path;

	private final @Nullable String group;

	Probe(String path, @Nullable String group) {
		this.path = path;
		this.group = group;
	}

	/**
	 * The path served.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * The Actuator health group answered.
	 * @return the group name, or {@code null} for the overall health
	 */
	public @Nullable String group() {
		return this.group;
	}

	/**
	 * The Actuator health endpoint path segments of this probe.
	 * @return the segments; none for the overall health
	 */
	public String[] segments() {
		return (this.group != null) ? new String[] { this.group } : new String[0];
	}

}
