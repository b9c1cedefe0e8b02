package dev.discovery.server.health;

/**
 * What a suspect report of an instance led to ({@link HealthChecker#checkNow}).
 */
public enum Suspicion {

	/** A check of the instance has started. */
	STARTED,

	/** A check of the instance is running or ran a moment ago; its outcome stands. */
	RUNNING,

	/** As many checks run as allowed; the instance's next regular check decides. */
	BUSY,

	/** This node does not check the instance (a TTL-only check, or another node's share in a cluster). */
	NOT_CHECKED

}
