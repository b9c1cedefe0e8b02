package dev.discovery.protocol;

/**
 * How an instance asks to be checked. Durations use the {@link Durations} text form ({@code 5s}, {@code 500ms},
 * {@code 1m}); any field may be {@code null} to take the registry's default.
 *
 * @param type the kind of check
 * @param path the HTTP path to GET (HTTP checks only)
 * @param interval time between checks
 * @param timeout how long one check may take
 * @param failureThreshold consecutive failures before the instance turns critical
 * @param successThreshold consecutive successes before a critical instance passes again
 * @param deregisterAfter how long an instance may stay critical before the registry removes it
 */
public record HealthCheckSpec(HealthCheckType type, String path, String interval, String timeout,
		Integer failureThreshold, Integer successThreshold, String deregisterAfter) {

	/**
	 * A heartbeat-only check.
	 * @return a TTL check spec with every other field left to the registry
	 */
	public static HealthCheckSpec ttl() {
		return new HealthCheckSpec(HealthCheckType.TTL, null, null, null, null, null, null);
	}

}
