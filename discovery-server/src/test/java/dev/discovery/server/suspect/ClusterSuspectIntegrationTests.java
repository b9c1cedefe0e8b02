package dev.discovery.server.suspect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.server.cluster.EtcdClusterExtension;
import dev.discovery.server.cluster.RegistryProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Suspect reports on a cluster (two replicas, each its own JVM, on a real etcd): a report sent to one replica leads
 * to an immediate check of every reported instance, also of those the other replica checks regularly, and a failure
 * reaches both replicas' views at once.
 */
class ClusterSuspectIntegrationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(1);

	private static final String SERVICE = "suspects";

	private static final int INSTANCES = 12;

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
				"--discovery.server.etcd.prefix=/suspect-tests", "--discovery.server.etcd.member-ttl=2s",
				"--discovery.server.protection.enabled=false", "--discovery.server.suspect.burst=100");
		Path logs = Path.of("target", "cluster-suspect");
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
	void reportToOneReplicaShouldTakeOutFailingInstancesTheOtherChecks() throws Exception {
		for (int i = 0; i < INSTANCES; i++) {
			// Regular checks every minute, three failures to turn critical: only a report can act within the test.
			String body = "{\"host\":\"127.0.0.1\",\"port\":" + instances.getAddress().getPort()
					+ ",\"healthCheck\":{\"type\":\"HTTP\",\"path\":\"/s-" + i
					+ "\",\"interval\":\"1m\",\"failureThreshold\":3},\"leaseTtl\":\"5m\"}";
			assertThat(put(one, "/api/v1/services/" + SERVICE + "/instances/s-" + i, body).statusCode())
				.isBetween(200, 201);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> passing(one) == INSTANCES && passing(two) == INSTANCES
					&& checked(one) + checked(two) >= INSTANCES);
		// Both replicas check a share, so some reported instances are the other replica's.
		assertThat(checked(one)).isPositive();
		assertThat(checked(two)).isPositive();
		healthStatus.set(503);
		long reported = System.nanoTime();
		for (int i = 0; i < INSTANCES; i++) {
			HttpResponse<String> answer = post(one, "/api/v1/services/" + SERVICE + "/instances/s-" + i + "/suspect");
			assertThat(answer.statusCode()).isEqualTo(202);
			assertThat(json.readTree(answer.body()).get("check").asString()).isEqualTo("started");
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> passing(one) == 0 && passing(two) == 0);
		System.out.println("All " + INSTANCES + " reported instances left both replicas' passing views within "
				+ Duration.ofNanos(System.nanoTime() - reported).toMillis() + " ms of the first report");
	}

	/** How many instances a replica checks regularly (its share), from its health meters. */
	private static int checked(RegistryProcess replica) throws Exception {
		HttpResponse<String> response = get(replica, "/actuator/metrics/discovery.health.checks");
		if (response.statusCode() != 200) {
			return 0;
		}
		JsonNode measurements = json.readTree(response.body()).get("measurements");
		return (int) measurements.get(0).get("value").asDouble();
	}

	private static int passing(RegistryProcess replica) throws Exception {
		HttpResponse<String> response = get(replica, "/api/v1/services/" + SERVICE + "/instances");
		return (response.statusCode() == 200) ? json.readTree(response.body()).size() : 0;
	}

	private static HttpResponse<String> put(RegistryProcess replica, String path, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(replica.url() + path))
			.timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(RegistryProcess replica, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(replica.url() + path))
			.timeout(Duration.ofSeconds(15))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(RegistryProcess replica, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(replica.url() + path)).timeout(Duration.ofSeconds(15)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
