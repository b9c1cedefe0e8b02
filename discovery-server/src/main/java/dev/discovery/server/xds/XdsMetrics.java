package dev.discovery.server.xds;

import java.util.Map;
import java.util.function.Supplier;

import io.envoyproxy.controlplane.cache.Resources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's meters: gauges {@code discovery.xds.streams} (open streams), {@code discovery.xds.connections}
 * (open connections) and {@code discovery.xds.watches} (requests waiting for a change), counters {@code discovery.xds.responses} and {@code discovery.xds.nacks} by
 * resource type, and {@code discovery.xds.refused} (streams and connections refused or ended) by reason.
 */
final class XdsMetrics {

	private static final Map<String, String> TYPES = Map.of(Resources.V3.CLUSTER_TYPE_URL, "cluster",
			Resources.V3.ENDPOINT_TYPE_URL, "endpoint", Resources.V3.LISTENER_TYPE_URL, "listener",
			Resources.V3.ROUTE_TYPE_URL, "route");

	private final @Nullable MeterRegistry meters;

	XdsMetrics(@Nullable MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * The short name of a resource type, as used in tags and logs.
	 * @param typeUrl the type URL
	 * @return {@code cluster}, {@code endpoint}, {@code listener}, {@code route} or {@code other}
	 */
	static String type(String typeUrl) {
		return TYPES.getOrDefault(typeUrl, "other");
	}

	void gauges(Supplier<Number> streams, Supplier<Number> watches) {
		if (this.meters != null) {
			Gauge.builder("discovery.xds.streams", streams).description("Open xDS streams").register(this.meters);
			Gauge.builder("discovery.xds.watches", watches)
				.description("xDS requests waiting for a change")
				.register(this.meters);
		}
	}

	void connections(Supplier<Number> open) {
		if (this.meters != null) {
			Gauge.builder("discovery.xds.connections", open)
				.description("Open connections to the xDS port")
				.register(this.meters);
		}
	}

	void responded(String typeUrl) {
		count("discovery.xds.responses", "xDS responses sent", "type", type(typeUrl));
	}

	void nacked(String typeUrl) {
		count("discovery.xds.nacks", "xDS responses a client rejected", "type", type(typeUrl));
	}

	/**
	 * Counts a stream or connection refused or ended by the registry.
	 * @param reason {@code unauthenticated}, {@code forbidden}, {@code limit} or {@code unread} (streams),
	 * {@code address-connections} or {@code connections} (connections over their limits)
	 */
	void refused(String reason) {
		count("discovery.xds.refused", "xDS streams and connections refused or ended by the registry", "reason", reason);
	}

	private void count(String name, String description, String tag, String value) {
		if (this.meters != null) {
			// Micrometer keeps registered meters: after the first call this is a lookup.
			Counter.builder(name).description(description).tag(tag, value).register(this.meters).increment();
		}
	}

}
