package dev.discovery.server.xds;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import org.jspecify.annotations.Nullable;

/**
 * Everything the control plane serves at one moment: clusters, endpoints, listeners and routes. Immutable.
 *
 * @param clusters the CDS resources
 * @param endpoints the EDS resources
 * @param listeners the LDS resources
 * @param routes the RDS resources
 * @param index the registry index the state was built at
 */
record XdsState(ResourceSet clusters, ResourceSet endpoints, ResourceSet listeners, ResourceSet routes, long index) {

	/**
	 * A state with nothing in it.
	 * @param epoch what tells this run of the registry from earlier ones in versions
	 * @return the state
	 */
	static XdsState empty(String epoch) {
		return new XdsState(new ResourceSet(epoch), new ResourceSet(epoch), new ResourceSet(epoch),
				new ResourceSet(epoch), 0);
	}

	/**
	 * The state after some services changed.
	 * @param updated the services that have instances, with their resources
	 * @param indexes the index of each updated service's last change, which versions what changed in it
	 * @param removed the services that have none any more
	 * @param index the registry index read before the services were
	 * @return the new state
	 */
	XdsState with(Map<String, ServiceResources> updated, Map<String, Long> indexes, Collection<String> removed,
			long index) {
		Map<String, com.google.protobuf.Message> clusterUpdates = new HashMap<>();
		Map<String, com.google.protobuf.Message> endpointUpdates = new HashMap<>();
		Map<String, com.google.protobuf.Message> listenerUpdates = new HashMap<>();
		Map<String, com.google.protobuf.Message> routeUpdates = new HashMap<>();
		updated.forEach((service, resources) -> {
			clusterUpdates.put(service, resources.cluster());
			endpointUpdates.put(service, resources.endpoints());
			listenerUpdates.put(service, resources.listener());
			routeUpdates.put(service, resources.route());
		});
		return new XdsState(this.clusters.with(clusterUpdates, indexes, removed, index),
				this.endpoints.with(endpointUpdates, indexes, removed, index),
				this.listeners.with(listenerUpdates, indexes, removed, index),
				this.routes.with(routeUpdates, indexes, removed, index), Math.max(this.index, index));
	}

	/**
	 * The resources of one type.
	 * @param type the type
	 * @return its set, or {@code null} for types the registry does not serve (secrets)
	 */
	@Nullable ResourceSet of(ResourceType type) {
		return switch (type) {
			case CLUSTER -> this.clusters;
			case ENDPOINT -> this.endpoints;
			case LISTENER -> this.listeners;
			case ROUTE -> this.routes;
			default -> null;
		};
	}

}
