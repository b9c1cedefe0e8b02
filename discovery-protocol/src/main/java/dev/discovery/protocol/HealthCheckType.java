package dev.discovery.protocol;

/**
 * How the registry checks an instance.
 */
public enum HealthCheckType {

	/** GET a path on the instance; 2xx passes, 429 warns, anything else fails. */
	HTTP,

	/** Open a TCP connection to the instance's port. */
	TCP,

	/** No active check: the lease kept alive by heartbeats is the only signal. */
	TTL

}
