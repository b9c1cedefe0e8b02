package dev.discovery.protocol;

/**
 * What the registry has observed about an instance, from heartbeats and its own health checks.
 */
public enum HealthState {

	/** The last checks passed. */
	PASSING,

	/** Serving, but asked for less load (for example an HTTP 429). Still offered to callers. */
	WARNING,

	/** Failing; left out of the passing view. */
	CRITICAL

}
