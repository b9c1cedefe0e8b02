package dev.discovery.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance as the registry reports it. A compact list (the default of {@code GET .../instances}) leaves out the
 * fields that hold their default, and they read as that default here: {@code service} (the service the list is of:
 * {@link #withService} fills it in), {@code secure} {@code false}, {@code weight} {@code 1}, {@code status}
 * {@code UP}, {@code health} {@code PASSING}, {@code metadata} and {@code tags} empty; the full view's extra fields
 * read as {@code null}. It also leaves out the metadata's copies of {@code zone} and {@code weight}, which
 * {@link #withService} puts back.
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

	/** The metadata entry that holds the instance's zone, for Spring Cloud LoadBalancer's zone preference. */
	public static final String ZONE = "zone";

	/** The metadata entry that holds the instance's weight, for Spring Cloud LoadBalancer's weighted supplier. */
	public static final String WEIGHT = "weight";

	/**
	 * This instance as one of a service: a compact list leaves out the service it is a list of, and the metadata's
	 * copies of {@code zone} and {@code weight} (the registry keeps them in every instance's metadata), which this
	 * puts back from the fields.
	 * @param service the service the list was asked for
	 * @return this view if it already names the service and has its metadata whole, else a copy that does
	 */
	public InstanceView withService(String service) {
		Map<String, String> whole = withLabels(this.metadata, this.zone, this.weight);
		if (service.equals(this.service) && whole == this.metadata) {
			return this;
		}
		return new InstanceView(service, this.instanceId, this.host, this.port, this.secure, whole, this.tags,
				this.zone, this.weight, this.status, this.health, this.healthOutput, this.lastCheckAt,
				this.healthCheck, this.leaseTtl, this.registeredAt, this.lastHeartbeat, this.leaseExpiresAt,
				this.index);
	}

	private static Map<String, String> withLabels(Map<String, String> metadata, String zone, int weight) {
		boolean zoneMissing = zone != null && !metadata.containsKey(ZONE);
		boolean weightMissing = !metadata.containsKey(WEIGHT);
		if (!zoneMissing && !weightMissing) {
			return metadata;
		}
		Map<String, String> whole = new LinkedHashMap<>(metadata);
		if (zoneMissing) {
			whole.put(ZONE, zone);
		}
		if (weightMissing) {
			whole.put(WEIGHT, Integer.toString(weight));
		}
		return Collections.unmodifiableMap(whole);
	}

	/**
	 * Whether callers should be sent to this instance: it is {@code UP} and not {@code CRITICAL}.
	 * @return {@code true} if the instance belongs to the passing view
	 */
	public boolean passing() {
		return this.status == InstanceStatus.UP && this.health != HealthState.CRITICAL;
	}

}
