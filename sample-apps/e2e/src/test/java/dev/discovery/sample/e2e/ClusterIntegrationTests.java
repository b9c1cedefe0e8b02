package dev.discovery.sample.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.Jar;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import dev.discovery.server.cluster.EtcdClusterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real samples on two registry replicas that keep the registry in a real three-member etcd: the replica every
 * client talks to is killed with SIGKILL under a continuous stream of calls through order-service. No call fails, no
 * registration is lost (none had to register again), and the survivor takes over the dead replica's health checks.
 */
class ClusterIntegrationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(3);

	@RegisterExtension
	static final Processes processes = new Processes();

	private static final int CHECKED = 16;

	private static final AtomicInteger stubStatus = new AtomicInteger(200);

	private static HttpServer stub;

	@BeforeAll
	static void startStub() throws IOException {
		stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		stub.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(stubStatus.get(), -1);
			exchange.close();
		});
		stub.start();
	}

	@AfterAll
	static void stopStub() {
		stub.stop(0);
	}

	@Test
	void killingTheReplicaEveryClientUsesShouldFailNoCallAndLoseNoRegistration() throws Exception {
		List<AppProcess> replicas = processes.start(replica("registry-1"), replica("registry-2"));
		AppProcess first = replicas.get(0);
		AppProcess second = replicas.get(1);
		String both = first.baseUrl() + "," + second.baseUrl();
		List<AppProcess> apps = processes.start(app(Jar.PAYMENT_SERVICE, "payment-a", first, both),
				app(Jar.PAYMENT_SERVICE, "payment-b", first, both), app(Jar.ORDER_SERVICE, "order-1", first, both));
		AppProcess order = apps.get(2);
		for (int i = 0; i < CHECKED; i++) {
			registerChecked(first, "checked-" + i);
		}
		// Calls fail until both payment instances are in order-service's view.
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> Samples.servedBy(order, 40).containsAll(List.of("payment-a", "payment-b")));
		await().until(() -> Samples.passing(second, "checked").size() == CHECKED);
		Map<String, String> registeredAt = registrations(second);
		assertThat(registeredAt).hasSize(3 + CHECKED);
		assertThat(owned(first) + owned(second)).isEqualTo(3 + CHECKED);
		assertThat(owned(first)).as("the first replica's share of the checks").isPositive();
		assertThat(epoch(second)).as("one registry, one epoch on every replica").isEqualTo(epoch(first));

		List<String> failures = new CopyOnWriteArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		AtomicBoolean calling = new AtomicBoolean(true);
		Thread caller = new Thread(() -> {
			while (calling.get()) {
				int n = calls.incrementAndGet();
				try {
					Samples.servedBy(order, "/orders/" + n);
				}
				catch (RuntimeException | AssertionError ex) {
					failures.add("call " + n + ": " + ex.getMessage());
				}
			}
		}, "order-calls");
		caller.start();
		try {
			await().until(() -> calls.get() > 100);
			first.kill();
			int atKill = calls.get();
			// Long enough for every client to fail over, and for a lease of an instance that lost its replica to run
			// out (15 s) had its heartbeats gone nowhere.
			Thread.sleep(Duration.ofSeconds(20).toMillis());
			assertThat(calls.get() - atKill).as("calls made after the kill").isGreaterThan(100);
		}
		finally {
			calling.set(false);
			caller.join();
		}
		assertThat(failures).isEmpty();
		// order-service's watch went on at the survivor from the index it had, not from a fresh snapshot.
		Pattern watchingSecond = Pattern.compile("Watching [^\\n]* at " + Pattern.quote(second.baseUrl()));
		await().until(() -> watchingSecond.matcher(order.output()).find());
		assertThat(order.output()).as("order-service's log").doesNotContain("has another epoch");
		assertThat(registrations(second)).as("every instance, none registered again").isEqualTo(registeredAt);
		assertThat(Samples.passing(second, "payment-service")).containsExactlyInAnyOrder("payment-a", "payment-b");
		assertThat(metric(second, "discovery.registry.expirations")).isZero();
		assertThat(owned(second)).as("the survivor owns every check").isEqualTo(3 + CHECKED);
		stubStatus.set(503);
		await().atMost(Duration.ofSeconds(20)).until(() -> Samples.passing(second, "checked").isEmpty());
	}

	private static ProcessSpec replica(String name) {
		return ProcessSpec.registry(name)
			.property("discovery.server.store", "etcd")
			.property("discovery.server.etcd.endpoints", etcd.cluster().endpoints())
			.property("discovery.server.etcd.member-ttl", "2s")
			// All the checked instances fail at once on purpose: protection mode would rightly hold half of them.
			.property("discovery.server.protection.enabled", "false");
	}

	private static ProcessSpec app(Jar jar, String id, AppProcess registry, String registries) {
		return ProcessSpec.app(jar, id, registry)
			.property("discovery.registry.url", registries)
			.property("discovery.health-check.interval", "1s")
			.property("discovery.health-check.timeout", "500ms");
	}

	private static void registerChecked(AppProcess registry, String id) {
		String body = "{\"host\":\"127.0.0.1\",\"port\":" + stub.getAddress().getPort()
				+ ",\"healthCheck\":{\"type\":\"HTTP\",\"path\":\"/" + id + "\",\"interval\":\"1s\","
				+ "\"failureThreshold\":2,\"deregisterAfter\":\"10m\"},\"leaseTtl\":\"5m\"}";
		int status = Http.send(HttpRequest.newBuilder(registry.uri("/api/v1/services/checked/instances/" + id))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build()).statusCode();
		assertThat(status).isEqualTo(201);
	}

	/** Every instance of the registry with its registration time: a re-registration would change it. */
	private static Map<String, String> registrations(AppProcess registry) {
		Map<String, String> registered = new TreeMap<>();
		for (JsonNode service : Http.json(registry.uri("/api/v1/services"))) {
			String name = service.get("name").asString();
			for (JsonNode instance : Http.json(registry.uri("/api/v1/services/" + name + "/instances?passing=false&view=full"))) {
				registered.put(name + "/" + instance.get("instanceId").asString(), instance.get("registeredAt").asString());
			}
		}
		return registered;
	}

	private static String epoch(AppProcess registry) {
		return Http.send(HttpRequest.newBuilder(registry.uri("/api/v1/services")).build())
			.headers()
			.firstValue("X-Discovery-Epoch")
			.orElseThrow();
	}

	private static long owned(AppProcess registry) {
		return (long) metric(registry, "discovery.store.etcd.owned");
	}

	private static double metric(AppProcess registry, String name) {
		JsonNode measurements = Http.json(URI.create(registry.baseUrl() + "/actuator/metrics/" + name))
			.get("measurements");
		List<Double> values = new ArrayList<>();
		measurements.forEach((m) -> values.add(m.get("value").asDouble()));
		return values.get(0);
	}

}
