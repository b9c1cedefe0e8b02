package dev.discovery.server.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.InstanceStatus;

/**
 * A registration after validation: every field present, bounded and normalised.
 *
 * @param host the host name or IP address
 * @param port the port
 * @param secure whether callers use TLS
 * @param metadata string pairs, including {@code zone} and {@code weight} when set
 * @param tags labels
 * @param zone the zone, or {@code null}
 * @param weight the relative share of traffic
 * @param leaseTtl the granted lease TTL
 * @param healthCheck the effective health check, every field filled in
 * @param status the initial status
 */
public record InstanceSpec(String host, int port, boolean secure, Map<String, String> metadata, List<String> tags,
		@org.jspecify.annotations.Nullable String zone, int weight, Duration leaseTtl, HealthCheckSpec healthCheck,
		InstanceStatus status) {

	public InstanceSpec {
		metadata = Map.copyOf(metadata);
		tags = List.copyOf(tags);
	}

}
