package dev.discovery.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instance as the registry reports it. A compact list (the default of {@code GET .../instances}) leaves out the
 * fields that hold their default, and they read as that default here: {@code service} (the service the list is of:
 * {@link #withService} fills it in), {@code secure} {@code false}, {@code weight} {@code 1}, {@code status}
 * {@code UP}, {@code health} {@code PASSING}, {@code metadata} and {@code tags} empty; the full view's extra fields
 * read as {@code null}.
 *
 * @param service the service name ({@code null} when read from a compact list that has not been given it)
 * @param instanceId the instance id, unique within the service
 * @param host the host name or IP address
 * @param port the port
 * @param secure whether callers should use TLS; {@code false} when absent
 * @param metadata free-form string pairs, empty rather than {@code null}
 * @param tags free-form labels, empty rather than {@code null}
 * @param zone the availability zone, or {@code null}
 * @param weight the relative share of traffic; {@code 1} when absent
 * @param status what the instance says about itself; {@code UP} when absent
 * @param health what the registry has observed; {@code PASSING} when absent
 * @param healthOutput the last health check's output, or {@code null}
 * @param lastCheckAt when the registry last checked the instance, or {@code null}
 * @param healthCheck the effective health check
 * @param leaseTtl the effective lease TTL
 * @param registeredAt when the instance (re-)registered
 * @param lastHeartbeat when the lease was last renewed
 * @param leaseExpiresAt when the lease ends without another heartbeat
 * @param index the registry index of the last change to this instance
 */
public record InstanceView(String service, String instanceId, String host, int port, Boolean secure,
		Map<String, String> metadata, List<String> tags, String zone, Integer weight, InstanceStatus status,
		HealthState health, String healthOutput, Instant lastCheckAt, HealthCheckSpec healthCheck, String leaseTtl,
		Instant registeredAt, Instant lastHeartbeat, Instant leaseExpiresAt, long index) {

	/** A compact list leaves out what holds its default: it reads as that default, never as {@code null}. */
	public InstanceView {
		secure = (secure != null) ? secure : Boolean.FALSE;
		metadata = (metadata != null) ? metadata : Map.of();
		tags = (tags != null) ? tags : List.of();
		weight = (weight != null) ? weight : DEFAULT_WEIGHT;
		status = (status != null) ? status : InstanceStatus.UP;
		health = (health != null) ? health : HealthState.PASSING;
	}

	/** The weight of an instance that registered without one. */
	public static final int DEFAULT_WEIGHT = 1;

	/**
	 * This instance as one of a service: a compact list leaves out the service it is a list of.
	 * @param service the service the list was asked for
	 * @return this view if it already names the service, else a copy that does
	 */
	public InstanceView withService(String service) {
		if (service.equals(this.service)) {
			return this;
		}
		return new InstanceView(service, this.instanceId, this.host, this.port, this.secure, this.metadata, this.tags,
				this.zone, this.weight, this.status, this.health, this.healthOutput, this.lastCheckAt,
				this.healthCheck, this.leaseTtl, this.registeredAt, this.lastHeartbeat, this.leaseExpiresAt,
				this.index);
	}

	/**
	 * Whether callers should be sent to this instance: it is {@code UP} and not {@code CRITICAL}.
	 * @return {@code true} if the instance belongs to the passing view
	 */
	public boolean passing() {
		return this.status == InstanceStatus.UP && this.health != HealthState.CRITICAL;
	}

}
