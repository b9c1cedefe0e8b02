package dev.discovery.server.watch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attack of issue 12: 300 watch streams of every service that never read, on a registry of 10,000 instances
 * (a snapshot of several megabytes each). The bytes waiting on all streams stay under their bound (the streams share
 * one encoded snapshot, and changes they cannot take close them), another client's watch, heartbeats and
 * registrations keep working, and the registry holds what it held. The stalled watchers connect from 127.0.0.2.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.dns.enabled=false", "discovery.server.xds.enabled=false",
				"discovery.server.lease.eviction-interval=1h", "discovery.server.watch.stall-timeout=10m",
				"discovery.server.watch.max-watchers-per-address=400",
				"discovery.server.connector.max-requests-per-address=0",
				"discovery.server.watch.max-queued-bytes=32MB",
				"discovery.server.watch.max-queued-bytes-per-stream=64KB" })
class StalledWatchersAttackIntegrationTests {

	private static final int INSTANCES = 10_000;

	private static final int STALLED = 300;

	private static final long MAX_QUEUED = 32L * 1024 * 1024;

	private static final String BODY = "{\"host\":\"10.0.0.1\",\"port\":8080,\"leaseTtl\":\"2m\"}";

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Autowired
	WatchHub hub;

	@Autowired
	MeterRegistry meters;

	private final List<Socket> stalled = new ArrayList<>();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@AfterEach
	void close() {
		for (Socket socket : this.stalled) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Done with it.
			}
		}
	}

	@Test
	void stalledWatchersOfALargeRegistryShouldHoldBoundedMemory() throws Exception {
		for (int i = 0; i < INSTANCES; i++) {
			this.registry.register("service-" + (i % 10), "i-" + i,
					Registrations.spec("10.1." + (i / 250) + "." + (i % 250 + 1), 8080));
		}
		SseRecorder other = SseRecorder.open(this.client, url("/api/v1/watch?services=billing"));
		for (int i = 0; i < STALLED; i++) {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(4096);
			socket.bind(new InetSocketAddress("127.0.0.2", 0));
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
			socket.getOutputStream()
				.write("GET /api/v1/watch?services=* HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			this.stalled.add(socket);
		}
		await("the stalled streams open").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.hub.openCount() >= STALLED + 1);
		long snapshotQueued = queuedBytes();
		assertThat(snapshotQueued).as("bytes waiting with %d stalled snapshot streams", STALLED)
			.isPositive()
			.isLessThanOrEqualTo(MAX_QUEUED);
		long highest = snapshotQueued;
		for (int round = 0; round < 40; round++) {
			for (int i = 0; i < 10; i++) {
				// Re-registrations: changes every stream wants, and the registry's contents stay the same.
				this.registry.register("service-0", "i-" + (i * 10),
						Registrations.spec("10.1.0." + (i * 10 + 1), 8080));
			}
			assertThat(send("PUT", "/api/v1/services/billing/instances/billing-" + round, BODY)).isEqualTo(201);
			assertThat(send("PUT", "/api/v1/services/billing/instances/billing-0/heartbeat", null)).isEqualTo(200);
			assertThat(send("GET", "/health/live", null)).isEqualTo(200);
			highest = Math.max(highest, queuedBytes());
		}
		await("the other client's watch sees its registrations").atMost(Duration.ofSeconds(60))
			.until(() -> other.ids().size() >= 41);
		await("stalled streams over their bound closed").atMost(Duration.ofSeconds(60))
			.until(() -> stalledClosed() > 0 && this.hub.openCount() < STALLED);
		highest = Math.max(highest, queuedBytes());
		System.out.printf("stalled watchers: %d streams, %,d bytes waiting with their snapshots, at most %,d; "
				+ "%.0f closed over a bound%n", STALLED, snapshotQueued, highest, stalledClosed());
		assertThat(highest).as("bytes waiting on all streams, at most").isLessThanOrEqualTo(MAX_QUEUED);
		assertThat(this.registry.instanceCount()).isEqualTo(INSTANCES + 40);
		other.cancel();
	}

	private long queuedBytes() {
		return (long) this.meters.get("discovery.watch.queued.bytes").gauge().value();
	}

	private double stalledClosed() {
		return this.meters.find("discovery.watch.stalled.closed")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private int send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.client.send(request.build(), BodyHandlers.discarding()).statusCode();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
