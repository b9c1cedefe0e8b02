package dev.discovery.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instance as the registry reports it.
 *
 * @param service the service name
 * @param instanceId the instance id, unique within the service
 * @param host the host name or IP address
 * @param port the port
 * @param secure whether callers should use TLS
 * @param metadata free-form string pairs, empty rather than {@code null}
 * @param tags free-form labels, empty rather than {@code null}
 * @param zone the availability zone, or {@code null}
 * @param weight the relative share of traffic
 * @param status what the instance says about itself
 * @param health what the registry has observed
 * @param healthOutput the last health check's output, or {@code null}
 * @param lastCheckAt when the registry last checked the instance, or {@code null}
 * @param healthCheck the effective health check
 * @param leaseTtl the effective lease TTL
 * @param registeredAt when the instance (re-)registered
 * @param lastHeartbeat when the lease was last renewed
 * @param leaseExpiresAt when the lease ends without another heartbeat
 * @param index the registry index of the last change to this instance
 */
public record InstanceView(String service, String instanceId, String host, int port, boolean secure,
		Map<String, String> metadata, List<String> tags, String zone, int weight, InstanceStatus status,
		HealthState health, String healthOutput, Instant lastCheckAt, HealthCheckSpec healthCheck, String leaseTtl,
		Instant registeredAt, Instant lastHeartbeat, Instant leaseExpiresAt, long index) {

	/** A compact list leaves out empty metadata and tags: they read as empty, never as {@code null}. */
	public InstanceView {
		metadata = (metadata != null) ? metadata : Map.of();
		tags = (tags != null) ? tags : List.of();
	}

	/**
	 * Whether callers should be sent to this instance: it is {@code UP} and not {@code CRITICAL}.
	 * @return {@code true} if the instance belongs to the passing view
	 */
	public boolean passing() {
		return this.status == InstanceStatus.UP && this.health != HealthState.CRITICAL;
	}

}
