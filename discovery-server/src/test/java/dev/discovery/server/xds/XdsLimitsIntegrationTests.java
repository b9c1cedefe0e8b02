package dev.discovery.server.xds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Limits that keep one xDS client from hurting the registry: streams per address, and a client that stops reading.
 */
@SpringBootTest(properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
		"discovery.server.xds.max-streams-per-address=2", "discovery.server.xds.max-unread-responses=4" })
class XdsLimitsIntegrationTests {

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
	void streamsBeyondTheLimitPerAddressShouldBeRefusedUntilOneCloses() throws Exception {
		this.registry.register("limited", "limited-1", ttl(9001));
		List<AdsStream> open = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				open.add(admitted());
			}
			try (AdsStream third = AdsStream.open(this.xds.port())) {
				third.request(XdsIntegrationTests.LDS, List.of("limited"), "", "");
				Status refused = third.end(Duration.ofSeconds(5));
				assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(refused.getDescription()).contains("already holds 2 xDS streams");
			}
			open.remove(0).close();
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				try (AdsStream again = admitted()) {
					assertThat(again).isNotNull();
				}
			});
		}
		finally {
			open.forEach(AdsStream::close);
		}
	}

	private AdsStream admitted() {
		AdsStream stream = AdsStream.open(this.xds.port());
		stream.request(XdsIntegrationTests.LDS, List.of("limited"), "", "");
		stream.next(XdsIntegrationTests.LDS);
		return stream;
	}

	/**
	 * A client that asks again and again but never reads: HTTP/2 flow control fills up, and without a bound every
	 * response would wait in the registry's memory.
	 */
	@Test
	void aClientThatStopsReadingShouldBeEnded() throws Exception {
		for (int i = 0; i < 300; i++) {
			this.registry.register(String.format("bulk-%03d", i), "bulk-" + i, ttl(9000));
		}
		// Every cluster must be in the responses, or they are too small to fill HTTP/2 flow control. With no stream
		// open, the next stream finds them all built; with one open, they are published shortly.
		long index = this.registry.index();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.publisher.following() || this.cache.state().index() >= index);
		double before = refused("unread");
		ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", this.xds.port(),
				InsecureChannelCredentials.create()).build();
		try {
			ClientCall<DiscoveryRequest, DiscoveryResponse> call = channel
				.newCall(AggregatedDiscoveryServiceGrpc.getStreamAggregatedResourcesMethod(), CallOptions.DEFAULT);
			CompletableFuture<Status> closed = new CompletableFuture<>();
			call.start(new ClientCall.Listener<>() {

				@Override
				public void onClose(Status status, Metadata trailers) {
					closed.complete(status);
				}

			}, new Metadata());
			// Never call request(n): responses stay unread. Nonces count up from 0, so each request is a new ask.
			for (int i = 0; i < 60; i++) {
				call.sendMessage(DiscoveryRequest.newBuilder()
					.setNode(AdsStream.NODE)
					.setTypeUrl(XdsIntegrationTests.CDS)
					.setResponseNonce((i == 0) ? "" : Integer.toString(i - 1))
					.build());
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> refused("unread") > before);
			call.request(Integer.MAX_VALUE);
			assertThat(closed.get(60, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		}
		finally {
			channel.shutdownNow();
		}
	}

	private double refused(String reason) {
		var counter = this.meters.find("discovery.xds.refused").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	static dev.discovery.server.registry.InstanceSpec ttl(int port) {
		return Registrations.spec(new InstanceRegistration("127.0.0.1", port, false, Map.of(), List.of(), null, null,
				"5m", HealthCheckSpec.ttl(), null));
	}

}
