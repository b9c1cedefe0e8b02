package dev.discovery.server.xds;

import java.util.List;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Rendering;

/**
 * A service's cluster and endpoints as the registry keeps them with the service until its index moves: a client that
 * connects again finds every unchanged service built, and each carries the index of its own last change.
 */
final class ServiceRendering implements Rendering<ServiceRendering.Built> {

	static final ServiceRendering INSTANCE = new ServiceRendering();

	private ServiceRendering() {
	}

	@Override
	public boolean passingOnly() {
		// Every instance: the cluster's protocol follows all of them, the endpoints list the passing ones.
		return false;
	}

	@Override
	public boolean showsLiveness() {
		return false;
	}

	@Override
	public Built render(long serviceIndex, long version, List<RegisteredInstance> instances) {
		if (instances.isEmpty()) {
			return new Built(serviceIndex, null, null);
		}
		String service = instances.get(0).service();
		return new Built(serviceIndex, ServiceResources.cluster(service, instances),
				ServiceResources.endpoints(service, instances));
	}

	/**
	 * One service's rendering.
	 *
	 * @param index the index of the service's last change
	 * @param cluster its cluster, {@code null} when it has no instances
	 * @param endpoints its endpoints, {@code null} when it has no instances
	 */
	record Built(long index, @Nullable Cluster cluster, @Nullable ClusterLoadAssignment endpoints) {
	}

}
