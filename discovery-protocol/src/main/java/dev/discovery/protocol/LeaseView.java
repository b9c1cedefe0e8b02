package dev.discovery.protocol;

import java.time.Instant;

/**
 * The answer to a heartbeat: the renewed lease, and what the registry currently holds about the instance's status
 * and health, so a client learns at its next heartbeat that it was taken out of traffic.
 *
 * @param service the service name
 * @param instanceId the instance id
 * @param status the status the registry holds
 * @param health what the registry's checks observed
 * @param lastHeartbeat when the lease was renewed
 * @param leaseExpiresAt when the lease ends without another heartbeat
 * @param index the registry index of the instance's last change
 */
public record LeaseView(String service, String instanceId, InstanceStatus status, HealthState health,
		Instant lastHeartbeat, Instant leaseExpiresAt, long index) {

}
