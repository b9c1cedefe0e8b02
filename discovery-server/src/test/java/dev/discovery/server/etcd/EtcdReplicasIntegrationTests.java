package dev.discovery.server.etcd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.server.cluster.EtcdCluster;
import dev.discovery.server.cluster.EtcdClusterExtension;
import dev.discovery.server.cluster.EventStream;
import dev.discovery.server.cluster.RegistryProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two registry replicas, each its own JVM, on a real three-member etcd cluster: one registry whatever replica a
 * client talks to, through the crash of a replica, the crash of etcd's leader, the loss of etcd's quorum and a
 * restart of every replica.
 */
class EtcdReplicasIntegrationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(3);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final AtomicInteger healthStatus = new AtomicInteger(200);

	private static HttpServer instances;

	private static RegistryProcess one;

	private static RegistryProcess two;

	@BeforeAll
	static void start() throws IOException {
		instances = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		instances.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(healthStatus.get(), -1);
			exchange.close();
		});
		instances.start();
		List<String> arguments = List.of("--discovery.server.store=etcd",
				"--discovery.server.etcd.endpoints=" + etcd.cluster().endpoints(),
				"--discovery.server.etcd.prefix=/replicas-tests", "--discovery.server.etcd.member-ttl=2s",
				"--discovery.server.lease.min-ttl=2s", "--discovery.server.protection.enabled=false",
				"--management.endpoint.health.show-components=always");
		Path logs = Path.of("target", "replicas");
		one = RegistryProcess.fromClasspath(logs.resolve("one.log"), arguments);
		two = RegistryProcess.fromClasspath(logs.resolve("two.log"), arguments);
	}

	@AfterAll
	static void stop() {
		for (RegistryProcess replica : new RegistryProcess[] { one, two }) {
			if (replica != null) {
				replica.close();
			}
		}
		if (instances != null) {
			instances.stop(0);
		}
	}

	@Test
	void aChangeShouldCarryTheSameIndexOnEveryReplica() throws Exception {
		HttpResponse<String> registered = register(one, "same-index", "s-1", "{\"host\":\"10.0.0.1\",\"port\":80}");
		assertThat(registered.statusCode()).isEqualTo(201);
		long index = index(registered);
		HttpResponse<String> read = get(two, "/api/v1/services/same-index/instances?index=" + (index - 1) + "&wait=5s");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(json.readTree(read.body()).get(0).get("index").asLong()).isEqualTo(index);
		assertThat(index(get(one, "/api/v1/services/same-index/instances"))).isEqualTo(index(read));
	}

	@Test
	void aWatchShouldResumeOnAnotherReplicaFromTheLastEventItHad() throws Exception {
		String lastEventId;
		String epoch;
		try (EventStream first = EventStream.open(one.url() + "/api/v1/watch?services=resumed")) {
			await().until(() -> !first.events("snapshot").isEmpty());
			epoch = epoch(register(one, "resumed", "x-1", "{\"host\":\"10.0.0.1\",\"port\":80}"));
			await().until(() -> first.events("change").size() == 1);
			lastEventId = first.events("change").get(0).split(" ")[1];
		}
		long missed = index(register(two, "resumed", "x-2", "{\"host\":\"10.0.0.1\",\"port\":80}"));
		// As the starter resumes: the index with the epoch it belongs to.
		try (EventStream second = EventStream.resume(two.url() + "/api/v1/watch?services=resumed&epoch=" + epoch,
				lastEventId)) {
			await().until(() -> !second.events().isEmpty());
			assertThat(second.events().get(0)).as("only what it missed, no new snapshot")
				.startsWith("change " + missed + " ")
				.contains("\"x-2\"");
		}
	}

	@Test
	void aLeaseExpiryShouldReachEveryReplicaOnceWithTheSameIndex() throws Exception {
		try (EventStream first = EventStream.open(one.url() + "/api/v1/watch?services=expiring");
				EventStream second = EventStream.open(two.url() + "/api/v1/watch?services=expiring")) {
			await().until(() -> !first.events("snapshot").isEmpty() && !second.events("snapshot").isEmpty());
			register(one, "expiring", "e-1", "{\"host\":\"10.0.0.1\",\"port\":80,\"leaseTtl\":\"2s\"}");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> expirations(first).size() == 1 && expirations(second).size() == 1);
			// Some time for a second, wrong, delivery to show up.
			Thread.sleep(500);
			assertThat(expirations(first)).hasSize(1).isEqualTo(expirations(second));
		}
	}

	@Test
	void heartbeatsThroughEitherReplicaShouldKeepTheLease() throws Exception {
		register(one, "renewed", "r-1", "{\"host\":\"10.0.0.1\",\"port\":80,\"leaseTtl\":\"2s\"}");
		long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
		int sent = 0;
		while (System.nanoTime() < end) {
			RegistryProcess replica = (sent++ % 2 == 0) ? two : one;
			assertThat(put(replica, "/api/v1/services/renewed/instances/r-1/heartbeat", "").statusCode()).isEqualTo(200);
			Thread.sleep(500);
		}
		assertThat(get(one, "/api/v1/services/renewed/instances").statusCode()).isEqualTo(200);
		assertThat(get(two, "/api/v1/services/renewed/instances").statusCode()).isEqualTo(200);
	}

	@Test
	void aKilledReplicaShouldLoseNothingAndItsHealthChecksShouldMoveToTheOther() throws Exception {
		int count = 12;
		for (int i = 0; i < count; i++) {
			register((i % 2 == 0) ? one : two, "checked", "c-" + i, "{\"host\":\"127.0.0.1\",\"port\":"
					+ instances.getAddress().getPort() + ",\"healthCheck\":{\"type\":\"HTTP\",\"path\":\"/c-" + i
					+ "\",\"interval\":\"1s\",\"failureThreshold\":2,\"deregisterAfter\":\"10m\"},"
					// No heartbeats here: a lease that outlasts the test, however long the restart takes.
					+ "\"leaseTtl\":\"5m\"}");
		}
		await().until(() -> passing(two, "checked") == count);
		two.kill();
		try {
			assertThat(instanceCount(one, "checked")).isEqualTo(count);
			healthStatus.set(503);
			// The survivor checks the dead replica's share too: every instance fails.
			await().atMost(Duration.ofSeconds(20)).until(() -> passing(one, "checked") == 0);
			assertThat(instanceCount(one, "checked")).isEqualTo(count);
		}
		finally {
			healthStatus.set(200);
			two.restart();
		}
		assertThat(instanceCount(two, "checked")).isEqualTo(count);
		await().atMost(Duration.ofSeconds(20)).until(() -> passing(one, "checked") == count && passing(two, "checked") == count);
	}

	@Test
	void readsShouldNeverStopAndWritesShouldResumeWhenTheEtcdLeaderIsKilled() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		register(one, "steady", "s-0", "{\"host\":\"10.0.0.1\",\"port\":80}");
		await().until(() -> instanceCount(two, "steady") == 1);
		AtomicBoolean reading = new AtomicBoolean(true);
		AtomicInteger reads = new AtomicInteger();
		List<String> failedReads = new java.util.concurrent.CopyOnWriteArrayList<>();
		ExecutorService readers = Executors.newFixedThreadPool(3);
		List<Future<?>> running = new ArrayList<>();
		for (RegistryProcess replica : List.of(one, two)) {
			running.add(readers.submit(() -> {
				while (reading.get()) {
					try {
						int status = get(replica, "/api/v1/services/steady/instances").statusCode();
						if (status != 200) {
							failedReads.add("HTTP " + status);
						}
						reads.incrementAndGet();
					}
					catch (Exception ex) {
						failedReads.add(ex.toString());
					}
				}
				return null;
			}));
		}
		// An instance kept alive by heartbeats through both replicas all along, as the starter sends them (a refused
		// one is sent to the other replica): etcd's election must not cost it its lease.
		register(one, "steady", "beating", "{\"host\":\"10.0.0.2\",\"port\":80,\"leaseTtl\":\"5s\"}");
		List<String> lostHeartbeats = new java.util.concurrent.CopyOnWriteArrayList<>();
		running.add(readers.submit(() -> {
			int sent = 0;
			while (reading.get()) {
				RegistryProcess first = (sent++ % 2 == 0) ? one : two;
				RegistryProcess other = (first == one) ? two : one;
				int status = heartbeat(first);
				if (status != 200) {
					// Refused (503) while that replica cannot reach etcd: the starter tries the next URL.
					status = heartbeat(other);
				}
				if (status == 404) {
					lostHeartbeats.add("HTTP 404 at heartbeat " + sent);
				}
				Thread.sleep(500);
			}
			return null;
		}));
		EtcdCluster.Member leader = cluster.leader();
		List<String> acknowledged = new ArrayList<>();
		try (EventStream watch = EventStream.open(two.url() + "/api/v1/watch?services=steady")) {
			await().until(() -> !watch.events("snapshot").isEmpty());
			cluster.kill(leader);
			for (int i = 1; i <= 10; i++) {
				String id = "s-" + i;
				// Refused (503) while etcd elects a leader; the client tries again, as the starter does.
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
					.until(() -> register((id.hashCode() % 2 == 0) ? one : two, "steady", id,
							"{\"host\":\"10.0.0.1\",\"port\":80}").statusCode() == 201);
				acknowledged.add(id);
			}
			// Past the heartbeated instance's whole lease (5 s TTL, granted for 7 s) after the new leader took over.
			await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12))
				.until(() -> watch.events("change").stream().noneMatch((event) -> event.contains("\"EXPIRED\"")));
		}
		finally {
			reading.set(false);
			for (Future<?> reader : running) {
				reader.get();
			}
			readers.shutdown();
			cluster.restart(leader);
			cluster.awaitHealthy();
		}
		assertThat(failedReads).isEmpty();
		assertThat(reads.get()).isPositive();
		assertThat(lostHeartbeats).as("heartbeats for an instance the registry had lost").isEmpty();
		for (RegistryProcess replica : List.of(one, two)) {
			await().until(() -> instanceCount(replica, "steady") == 12);
		}
	}

	private static int heartbeat(RegistryProcess replica) {
		try {
			return put(replica, "/api/v1/services/steady/instances/beating/heartbeat", "").statusCode();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	@Test
	void withoutEtcdQuorumReplicasShouldServeReadsAndRefuseWritesUntilItIsBack() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		register(one, "quorum", "q-1", "{\"host\":\"10.0.0.1\",\"port\":80}");
		await().until(() -> instanceCount(two, "quorum") == 1);
		List<EtcdCluster.Member> killed = cluster.members().subList(0, 2);
		killed.forEach(cluster::kill);
		try {
			HttpResponse<String> refused = register(two, "quorum", "q-2", "{\"host\":\"10.0.0.1\",\"port\":80}");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(json.readTree(refused.body()).get("detail").asString()).contains("etcd");
			assertThat(instanceCount(one, "quorum")).isEqualTo(1);
			assertThat(instanceCount(two, "quorum")).isEqualTo(1);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				JsonNode health = json.readTree(get(one, "/actuator/health").body());
				assertThat(health.at("/components/etcd/status").asString()).isEqualTo("DOWN");
			});
			assertThat(connectedGauge(one)).as("discovery.store.etcd.connected while etcd has no quorum").isZero();
			// A heartbeat is a write too: once the probes found etcd unreachable, its renewal could not reach etcd,
			// so it is refused and the client fails over.
			HttpResponse<String> heartbeat = await().atMost(Duration.ofSeconds(30))
				.until(() -> put(one, "/api/v1/services/quorum/instances/q-1/heartbeat", ""),
						(response) -> response.statusCode() != 200);
			assertThat(heartbeat.statusCode()).isEqualTo(503);
			assertThat(heartbeat.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(get(one, "/api/v1/services/quorum/instances").statusCode()).as("reads go on").isEqualTo(200);
		}
		finally {
			killed.forEach(cluster::restart);
			cluster.awaitHealthy();
		}
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
			.until(() -> register(two, "quorum", "q-2", "{\"host\":\"10.0.0.1\",\"port\":80}").statusCode() == 201);
		await().until(() -> instanceCount(one, "quorum") == 2);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode health = json.readTree(get(one, "/actuator/health").body());
			assertThat(health.at("/components/etcd/status").asString()).isEqualTo("UP");
			assertThat(connectedGauge(one)).isEqualTo(1);
		});
	}

	private static double connectedGauge(RegistryProcess replica) throws Exception {
		return json.readTree(get(replica, "/actuator/metrics/discovery.store.etcd.connected").body())
			.at("/measurements/0/value")
			.asDouble();
	}

	@Test
	void replicasStartedAgainShouldAnswerTheWholeRegistryAtOnce() throws Exception {
		int count = 20;
		for (int i = 0; i < count; i++) {
			register(one, "restarted", "r-" + i, "{\"host\":\"10.0.0.1\",\"port\":80,\"leaseTtl\":\"30s\"}");
		}
		String epoch = epoch(get(one, "/api/v1/services"));
		assertThat(epoch(get(two, "/api/v1/services"))).as("one registry, one epoch").isEqualTo(epoch);
		one.stop();
		two.stop();
		one.restart();
		two.restart();
		// The very first answer of each, with no instance having sent anything since.
		assertThat(instanceCount(one, "restarted")).isEqualTo(count);
		assertThat(instanceCount(two, "restarted")).isEqualTo(count);
		// Still the same registry: watchers resume on either replica and trust its snapshots at once.
		for (RegistryProcess replica : List.of(one, two)) {
			try (EventStream stream = EventStream.open(replica.url() + "/api/v1/watch?services=restarted")) {
				await().until(() -> !stream.events("snapshot").isEmpty());
				JsonNode snapshot = json.readTree(stream.events("snapshot").get(0).split(" ", 3)[2]);
				assertThat(snapshot.get("epoch").asString()).isEqualTo(epoch);
				assertThat(snapshot.get("restored").asBoolean()).isTrue();
				assertThat(snapshot.get("warmingUp").asBoolean()).isFalse();
			}
		}
	}

	private static List<String> expirations(EventStream stream) {
		return stream.events("change").stream().filter((event) -> event.contains("\"EXPIRED\"")).toList();
	}

	private static int instanceCount(RegistryProcess replica, String service) throws Exception {
		HttpResponse<String> response = get(replica, "/api/v1/services/" + service + "/instances?passing=false");
		return (response.statusCode() == 200) ? json.readTree(response.body()).size() : 0;
	}

	private static int passing(RegistryProcess replica, String service) throws Exception {
		HttpResponse<String> response = get(replica, "/api/v1/services/" + service + "/instances");
		return (response.statusCode() == 200) ? json.readTree(response.body()).size() : 0;
	}

	private static String epoch(HttpResponse<String> response) {
		return response.headers().firstValue("X-Discovery-Epoch").orElseThrow();
	}

	private static long index(HttpResponse<String> response) {
		return Long.parseLong(response.headers().firstValue("X-Discovery-Index").orElseThrow());
	}

	private static HttpResponse<String> register(RegistryProcess replica, String service, String id, String body)
			throws Exception {
		return put(replica, "/api/v1/services/" + service + "/instances/" + id, body);
	}

	private static HttpResponse<String> put(RegistryProcess replica, String path, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(replica.url() + path))
			.timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(RegistryProcess replica, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(replica.url() + path)).timeout(Duration.ofSeconds(15)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
