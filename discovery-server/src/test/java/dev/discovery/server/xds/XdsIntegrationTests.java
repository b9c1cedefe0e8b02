package dev.discovery.server.xds;

import java.time.Duration;
import java.util.List;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole server with a hand-driven ADS client: what is registered over HTTP is served as xDS resources, decoded
 * here into Envoy's cluster, endpoint, listener and route messages.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "server.address=127.0.0.1" })
@ExtendWith(OutputCaptureExtension.class)
class XdsIntegrationTests {

	static final String CDS = Resources.V3.CLUSTER_TYPE_URL;

	static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;

	static final String LDS = Resources.V3.LISTENER_TYPE_URL;

	static final String RDS = Resources.V3.ROUTE_TYPE_URL;

	@LocalServerPort
	int port;

	@Autowired
	XdsServer xds;

	@Autowired
	Registry registry;

	@Autowired
	MeterRegistry meters;

	@Autowired
	XdsCache cache;

	@Autowired
	XdsPublisher publisher;

	@Test
	void resourcesShouldDescribeTheServiceForEnvoyAndGrpc() throws Exception {
		register("payment", "payment-1", "10.0.1.1", 9001, "\"zone\":\"eu-1\",\"weight\":3,\"metadata\":{\"protocol\":\"grpc\"}");
		register("payment", "payment-2", "10.0.1.2", 9002, "\"zone\":\"eu-2\"");
		register("payment", "payment-3", "10.0.1.3", 9003, "\"zone\":\"eu-1\",\"status\":\"OUT_OF_SERVICE\"");
		register("payment", "payment-4", "payment-4.internal", 9004, "\"zone\":\"eu-1\"");
		try (AdsStream ads = AdsStream.open(this.xds.port())) {
			Cluster cluster = only(ads, CDS, "payment", Cluster.class);
			assertThat(cluster.getName()).isEqualTo("payment");
			assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
			assertThat(cluster.getEdsClusterConfig().getServiceName()).isEqualTo("payment");
			assertThat(cluster.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
			assertThat(cluster.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
			assertThat(cluster.getTypedExtensionProtocolOptionsMap()
				.get("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
				.unpack(HttpProtocolOptions.class)
				.getExplicitHttpConfig()
				.hasHttp2ProtocolOptions()).as("a grpc instance makes the cluster speak HTTP/2").isTrue();

			ClusterLoadAssignment endpoints = only(ads, EDS, "payment", ClusterLoadAssignment.class);
			assertThat(endpoints.getClusterName()).isEqualTo("payment");
			assertThat(endpoints.getEndpointsList()).extracting((l) -> l.getLocality().getZone())
				.containsExactly("eu-1", "eu-2");
			LocalityLbEndpoints eu1 = endpoints.getEndpoints(0);
			assertThat(eu1.getLoadBalancingWeight().getValue()).isEqualTo(3);
			assertThat(eu1.getLbEndpointsList()).as("passing instances with an IP address only").hasSize(1);
			LbEndpoint first = eu1.getLbEndpoints(0);
			assertThat(first.getEndpoint().getAddress().getSocketAddress().getAddress()).isEqualTo("10.0.1.1");
			assertThat(first.getEndpoint().getAddress().getSocketAddress().getPortValue()).isEqualTo(9001);
			assertThat(first.getLoadBalancingWeight().getValue()).isEqualTo(3);
			assertThat(first.getHealthStatus()).isEqualTo(HealthStatus.HEALTHY);
			assertThat(first.getMetadata().getFilterMetadataOrThrow("dev.discovery").getFieldsOrThrow("instanceId")
				.getStringValue()).isEqualTo("payment-1");
			assertThat(endpoints.getEndpoints(1).getLoadBalancingWeight().getValue()).isEqualTo(1);

			Listener listener = only(ads, LDS, "payment", Listener.class);
			HttpConnectionManager manager = listener.getApiListener().getApiListener()
				.unpack(HttpConnectionManager.class);
			assertThat(manager.getRds().getRouteConfigName()).isEqualTo("payment");
			assertThat(manager.getRds().getConfigSource().hasAds()).isTrue();
			assertThat(manager.getHttpFiltersList()).singleElement().satisfies((filter) -> {
				assertThat(filter.getName()).isEqualTo("envoy.filters.http.router");
				assertThat(filter.getTypedConfig().is(Router.class)).isTrue();
			});

			RouteConfiguration route = only(ads, RDS, "payment", RouteConfiguration.class);
			VirtualHost host = route.getVirtualHosts(0);
			assertThat(host.getDomainsList()).containsExactly("*");
			Route toCluster = host.getRoutes(0);
			assertThat(toCluster.getMatch().getPrefix()).isEqualTo("/");
			assertThat(toCluster.getRoute().getCluster()).isEqualTo("payment");
		}
	}

	@Test
	void versionsShouldFollowTheChangeIndexOfWhatWasAskedFor() {
		register("ledger", "ledger-1", "10.0.2.1", 9001, null);
		register("audit", "audit-1", "10.0.2.2", 9001, null);
		try (AdsStream ads = AdsStream.open(this.xds.port())) {
			ads.request(EDS, List.of("ledger"), "", "");
			DiscoveryResponse first = ads.next(EDS);
			long ledgerIndex = this.registry.instance("ledger", "ledger-1").index();
			assertThat(first.getVersionInfo()).startsWith(ledgerIndex + ".");
			ads.ack(first, List.of("ledger"));

			register("audit", "audit-2", "10.0.2.3", 9001, null);
			assertThat(ads.next(EDS, Duration.ofMillis(500))).as("a change to another service").isNull();

			register("ledger", "ledger-2", "10.0.2.4", 9001, null);
			DiscoveryResponse second = ads.next(EDS);
			assertThat(second.getVersionInfo())
				.startsWith(this.registry.instance("ledger", "ledger-2").index() + ".");
			assertThat(AdsStream.unpack(second.getResourcesList(), ClusterLoadAssignment.class).get(0)
				.getEndpoints(0)
				.getLbEndpointsCount()).isEqualTo(2);
		}
	}

	@Test
	void anUnknownNameShouldNotHoldBackTheKnownOnes() {
		register("billing", "billing-1", "10.0.3.1", 9001, null);
		try (AdsStream ads = AdsStream.open(this.xds.port())) {
			ads.request(LDS, List.of("billing", "no-such-service"), "", "");
			DiscoveryResponse listeners = ads.next(LDS);
			assertThat(AdsStream.unpack(listeners.getResourcesList(), Listener.class)).extracting(Listener::getName)
				.containsExactly("billing");
		}
	}

	@Test
	void deltaStreamsShouldGetChangesAndRemovals() {
		register("shipping", "shipping-1", "10.0.4.1", 9001, null);
		register("shipping", "shipping-2", "10.0.4.2", 9001, null);
		try (AdsStream ads = AdsStream.openDelta(this.xds.port())) {
			ads.send(DeltaDiscoveryRequest.newBuilder()
				.setNode(AdsStream.NODE)
				.setTypeUrl(EDS)
				.addResourceNamesSubscribe("shipping")
				.build());
			DeltaDiscoveryResponse first = ads.nextDelta(EDS);
			assertThat(first.getResourcesList()).singleElement()
				.satisfies((resource) -> assertThat(resource.getName()).isEqualTo("shipping"));
			ack(ads, first);

			deregister("shipping", "shipping-1");
			DeltaDiscoveryResponse second = ads.nextDelta(EDS);
			ClusterLoadAssignment left = AdsStream
				.unpack(List.of(second.getResources(0).getResource()), ClusterLoadAssignment.class)
				.get(0);
			assertThat(left.getEndpoints(0).getLbEndpointsCount()).isEqualTo(1);
			ack(ads, second);

			deregister("shipping", "shipping-2");
			assertThat(ads.nextDelta(EDS).getRemovedResourcesList()).containsExactly("shipping");
		}
	}

	@Test
	void aRejectedResponseShouldBeLoggedWithTheClientAndReasonAndCounted(CapturedOutput output) {
		register("catalog", "catalog-1", "10.0.5.1", 9001, null);
		double before = nacks("cluster");
		try (AdsStream ads = AdsStream.open(this.xds.port())) {
			ads.request(CDS, List.of("catalog"), "", "");
			DiscoveryResponse clusters = ads.next(CDS);
			ads.nack(clusters, List.of("catalog"), "", "cluster catalog: unsupported\nlb policy");
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(nacks("cluster")).isEqualTo(before + 1));
			assertThat(output).contains("xDS client test-node (ads-stream) from 127.0.0.1 rejected cluster resources")
				.contains("cluster catalog: unsupported lb policy");
		}
	}

	private double nacks(String type) {
		var counter = this.meters.find("discovery.xds.nacks").tag("type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static void ack(AdsStream ads, DeltaDiscoveryResponse response) {
		ads.send(DeltaDiscoveryRequest.newBuilder()
			.setNode(AdsStream.NODE)
			.setTypeUrl(response.getTypeUrl())
			.setResponseNonce(response.getNonce())
			.build());
	}

	private static <T extends Message> T only(AdsStream ads, String typeUrl, String name, Class<T> type) {
		ads.request(typeUrl, List.of(name), "", "");
		DiscoveryResponse response = ads.next(typeUrl);
		assertThat(response.getTypeUrl()).isEqualTo(typeUrl);
		return AdsStream.unpack(response.getResourcesList(), type).get(0);
	}

	private void register(String service, String id, String host, int port, String extra) {
		String body = "{\"host\":\"" + host + "\",\"port\":" + port + ",\"leaseTtl\":\"5m\",\"healthCheck\":{\"type\":\"TTL\"}"
				+ ((extra != null) ? "," + extra : "") + "}";
		http().put()
			.uri("/api/v1/services/{s}/instances/{i}", service, id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toBodilessEntity();
		awaitPublished();
	}

	/**
	 * Waits until the control plane has taken in every change so far: tests then know what a response holds. With no
	 * stream open nothing is built; the next stream to open finds everything.
	 */
	private void awaitPublished() {
		long index = this.registry.index();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !this.publisher.following() || this.cache.state().index() >= index);
	}

	private void deregister(String service, String id) {
		http().delete().uri("/api/v1/services/{s}/instances/{i}", service, id).retrieve().toBodilessEntity();
		awaitPublished();
	}

	private RestClient http() {
		return RestClient.create("http://127.0.0.1:" + this.port);
	}

}
