package dev.discovery.server.xds;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

import dev.discovery.server.dns.HostAddresses;
import dev.discovery.server.registry.RegisteredInstance;

/**
 * The four xDS resources of one service, all named after it: an EDS cluster, its endpoints (the passing instances,
 * grouped by zone), an API listener for proxyless gRPC and the route from that listener to the cluster.
 *
 * @param cluster the CDS resource
 * @param endpoints the EDS resource
 * @param listener the LDS resource
 * @param route the RDS resource
 */
record ServiceResources(Cluster cluster, ClusterLoadAssignment endpoints, Listener listener,
		RouteConfiguration route) {

	/** The key under which endpoint metadata carries the registry's view of an instance. */
	static final String METADATA_NAMESPACE = "dev.discovery";

	/** Values of an instance's {@code protocol} metadata that make Envoy speak HTTP/2 to the cluster. */
	private static final Set<String> HTTP2 = Set.of("grpc", "h2", "h2c", "http2");

	private static final String PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

	private static final ConfigSource ADS = ConfigSource.newBuilder()
		.setAds(AggregatedConfigSource.getDefaultInstance())
		.setResourceApiVersion(ApiVersion.V3)
		.build();

	private static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(2).build();

	/**
	 * The resources of a service from its cluster and endpoints, taking its listener and route from the state when it
	 * has them: they depend on the name alone, and the same object is the cheapest to find unchanged.
	 * @param service the service name
	 * @param cluster its cluster
	 * @param endpoints its endpoints
	 * @param current the state the resources will update
	 * @return the resources
	 */
	static ServiceResources of(String service, Cluster cluster, ClusterLoadAssignment endpoints, XdsState current) {
		VersionedResource<?> listener = current.listeners().get(service);
		VersionedResource<?> route = current.routes().get(service);
		return new ServiceResources(cluster, endpoints,
				(listener != null) ? (Listener) listener.resource() : listener(service),
				(route != null) ? (RouteConfiguration) route.resource() : route(service));
	}

	static Cluster cluster(String service, List<RegisteredInstance> instances) {
		Cluster.Builder cluster = Cluster.newBuilder()
			.setName(service)
			.setType(Cluster.DiscoveryType.EDS)
			.setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS).setServiceName(service))
			.setConnectTimeout(CONNECT_TIMEOUT)
			.setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
		if (instances.stream().anyMatch(ServiceResources::speaksHttp2)) {
			HttpProtocolOptions http2 = HttpProtocolOptions.newBuilder()
				.setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
					.setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
				.build();
			cluster.putTypedExtensionProtocolOptions(PROTOCOL_OPTIONS, Any.pack(http2));
		}
		return cluster.build();
	}

	private static boolean speaksHttp2(RegisteredInstance instance) {
		String protocol = instance.spec().metadata().get("protocol");
		return protocol != null && HTTP2.contains(protocol.toLowerCase(Locale.ROOT));
	}

	/**
	 * The passing instances registered with an IP address, one locality per zone. gRPC ignores localities without a
	 * weight, so each carries the sum of its instances' weights, which also shares traffic between zones the way the
	 * weights say. Instances registered by host name are left out: EDS addresses must be IP literals.
	 */
	static ClusterLoadAssignment endpoints(String service, List<RegisteredInstance> instances) {
		Map<String, LocalityLbEndpoints.Builder> byZone = new TreeMap<>();
		for (RegisteredInstance instance : instances) {
			if (!instance.passing() || HostAddresses.literal(instance.spec().host()) == null) {
				continue;
			}
			String zone = (instance.spec().zone() != null) ? instance.spec().zone() : "";
			LocalityLbEndpoints.Builder locality = byZone.computeIfAbsent(zone,
					(z) -> LocalityLbEndpoints.newBuilder().setLocality(Locality.newBuilder().setZone(z)));
			locality.addLbEndpoints(endpoint(instance));
			int weight = locality.getLoadBalancingWeight().getValue() + instance.spec().weight();
			locality.setLoadBalancingWeight(UInt32Value.of(weight));
		}
		ClusterLoadAssignment.Builder assignment = ClusterLoadAssignment.newBuilder().setClusterName(service);
		byZone.values().forEach(assignment::addEndpoints);
		return assignment.build();
	}

	private static LbEndpoint endpoint(RegisteredInstance instance) {
		io.envoyproxy.envoy.config.core.v3.SocketAddress socket = io.envoyproxy.envoy.config.core.v3.SocketAddress
			.newBuilder()
			.setAddress(instance.spec().host())
			.setPortValue(instance.spec().port())
			.build();
		Struct identity = Struct.newBuilder()
			.putFields("instanceId", Value.newBuilder().setStringValue(instance.id()).build())
			.build();
		return LbEndpoint.newBuilder()
			.setEndpoint(Endpoint.newBuilder()
				.setAddress(io.envoyproxy.envoy.config.core.v3.Address.newBuilder().setSocketAddress(socket)))
			.setHealthStatus(HealthStatus.HEALTHY)
			.setLoadBalancingWeight(UInt32Value.of(instance.spec().weight()))
			.setMetadata(Metadata.newBuilder().putFilterMetadata(METADATA_NAMESPACE, identity))
			.build();
	}

	static Listener listener(String service) {
		HttpConnectionManager manager = HttpConnectionManager.newBuilder()
			.setStatPrefix(service)
			.setRds(Rds.newBuilder().setConfigSource(ADS).setRouteConfigName(service))
			.addHttpFilters(HttpFilter.newBuilder()
				.setName("envoy.filters.http.router")
				.setTypedConfig(Any.pack(Router.getDefaultInstance())))
			.build();
		return Listener.newBuilder()
			.setName(service)
			.setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(manager)))
			.build();
	}

	/** Every request that reaches this route configuration goes to the service, whatever its authority. */
	static RouteConfiguration route(String service) {
		return RouteConfiguration.newBuilder()
			.setName(service)
			.addVirtualHosts(VirtualHost.newBuilder()
				.setName(service)
				.addDomains("*")
				.addRoutes(Route.newBuilder()
					.setMatch(RouteMatch.newBuilder().setPrefix("/"))
					.setRoute(RouteAction.newBuilder().setCluster(service))))
			.build();
	}

}
