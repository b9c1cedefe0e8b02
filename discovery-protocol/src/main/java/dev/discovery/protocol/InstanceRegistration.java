package dev.discovery.protocol;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /api/v1/services/{service}/instances/{instanceId}}: everything an instance says about
 * itself when it registers. {@code zone} and {@code weight} may also be given as metadata entries of the same name.
 *
 * @param host the host name or IP address callers should use
 * @param port the port callers should use (1-65535)
 * @param secure whether callers should use TLS
 * @param metadata free-form string pairs ({@code zone}, {@code weight} and {@code version} are understood)
 * @param tags free-form labels, usable as DNS filters
 * @param zone the availability zone, for zone-preferring load balancing
 * @param weight the relative share of traffic (1-1000)
 * @param leaseTtl how long the registration lives without a heartbeat, in {@link Durations} form
 * @param healthCheck how the registry should check the instance
 * @param status the initial status ({@code UP} when absent)
 */
public record InstanceRegistration(String host, Integer port, Boolean secure, Map<String, String> metadata,
		List<String> tags, String zone, Integer weight, String leaseTtl, HealthCheckSpec healthCheck,
		InstanceStatus status) {

	/**
	 * A registration of a plain HTTP instance with no extras.
	 * @param host the host name or IP address
	 * @param port the port
	 * @return the registration
	 */
	public static InstanceRegistration of(String host, int port) {
		return new InstanceRegistration(host, port, false, Map.of(), List.of(), null, null, null, null, null);
	}

}
