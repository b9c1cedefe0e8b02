package dev.discovery.server.propagation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Time to truth end to end: real watch streams, one that applies and acknowledges every change, one whose view is
 * frozen (it reads but never applies), one that does not acknowledge at all (a browser).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"server.address=127.0.0.1", "discovery.server.lease.eviction-interval=1h",
				"discovery.server.propagation.lag-threshold=200ms" })
class PropagationIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Autowired
	MeterRegistry meters;

	private final List<Watcher> watchers = new ArrayList<>();

	private ExecutorService executor;

	private HttpClient client;

	@BeforeEach
	void openClient() {
		this.executor = Executors.newFixedThreadPool(8);
		this.client = HttpClient.newBuilder().executor(this.executor).connectTimeout(Duration.ofSeconds(5)).build();
	}

	@AfterEach
	void close() {
		this.watchers.forEach(Watcher::close);
		this.executor.shutdownNow();
	}

	@Test
	void aStalledClientShouldLagAndKeepTheP99Honest() throws Exception {
		Watcher healthy = watch(Watcher.acknowledging(this.client, base(), "stall", "order-service/o-1"));
		Watcher frozen = watch(Watcher.acknowledging(this.client, base(), "stall", "frozen-service/f-1").stall());
		watch(Watcher.silent(this.client, base(), "stall"));
		assertThat(healthy.id()).isNotBlank();
		assertThat(frozen.id()).isNotBlank().isNotEqualTo(healthy.id());
		long last = 0;
		for (int i = 0; i < 20; i++) {
			last = this.registry.register("stall", "s-" + i, Registrations.spec("10.0.0.1", 8080 + i)).index();
		}
		long index = last;
		await().atMost(Duration.ofSeconds(30)).until(() -> healthy.lastId.get() >= index && frozen.lastId.get() >= index);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode report = propagation("stall");
			assertThat(report.get("subscribers").asInt()).isEqualTo(2);
			assertThat(report.get("unacknowledged").asInt()).isEqualTo(1);
			assertThat(report.get("lagging")).hasSize(1);
			JsonNode lagger = report.get("lagging").get(0);
			assertThat(lagger.get("watcher").asString()).startsWith("frozen-service/f-1#");
			assertThat(lagger.get("behind").asLong()).isEqualTo(20);
			assertThat(lagger.get("lagMillis").asLong()).isGreaterThan(200);
			// Every change still waits for the frozen client: counted at its age, never left out.
			assertThat(report.get("timeToTruth").get("open").asInt()).isEqualTo(20);
			assertThat(report.get("timeToTruth").get("p99Millis").asDouble()).isGreaterThan(200.0);
		});
		assertThat(applied("stall", "300ms").get("applied").asBoolean()).isFalse();
		assertThat(this.meters.get("discovery.watch.lagging").gauge().value()).isGreaterThanOrEqualTo(1);
		frozen.acknowledge(index);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode report = propagation("stall");
			assertThat(report.get("lagging")).isEmpty();
			assertThat(report.get("timeToTruth").get("open").asInt()).isZero();
			assertThat(report.get("timeToTruth").get("changes").asInt()).isEqualTo(20);
		});
		assertThat(applied("stall", "5s").get("applied").asBoolean()).isTrue();
	}

	@Test
	void aWaitForTheRemovalShouldEndWhenEverySubscriberAppliedIt() throws Exception {
		Watcher caller = watch(Watcher.acknowledging(this.client, base(), "leaving", "order-service/o-2"));
		caller.id();
		this.registry.register("leaving", "l-1", Registrations.spec("10.0.0.1", 8080));
		long removal = this.registry.deregister("leaving", "l-1").index();
		assertThat(applied("leaving", "20s").get("applied").asBoolean()).isTrue();
		assertThat(caller.lastId.get()).isGreaterThanOrEqualTo(removal);
	}

	@Test
	void anAcknowledgementOfAnUnknownStreamShouldBeAProblem() throws Exception {
		HttpResponse<String> unknown = put("/api/v1/watch/0123456789abcdef/applied?index=3");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		Watcher watcher = watch(Watcher.acknowledging(this.client, base(), "bad", "w"));
		assertThat(put("/api/v1/watch/" + watcher.id() + "/applied?index=-1").statusCode()).isEqualTo(400);
		assertThat(put("/api/v1/watch/" + watcher.id() + "/applied?index=1&held=forever").statusCode())
			.isEqualTo(400);
		assertThat(put("/api/v1/watch/" + watcher.id() + "/applied?index=1&held=1ms&earlier=bad").statusCode())
			.isEqualTo(400);
		assertThat(put("/api/v1/watch/" + watcher.id() + "/applied?index=1&held=1ms").statusCode()).isEqualTo(204);
		assertThat(put("/api/v1/watch/" + watcher.id() + "/applied?index=3&held=1ms&earlier=2:3ms").statusCode())
			.isEqualTo(204);
	}

	@Test
	void aReportShouldNameAnUnknownServiceWithNoFigures() throws Exception {
		JsonNode report = propagation("nobody-here");
		assertThat(report.get("subscribers").asInt()).isZero();
		assertThat(report.get("timeToTruth").get("p99Millis").isNull()).isTrue();
		HttpResponse<String> bad = get("/api/v1/services/Bad_Name!/propagation");
		assertThat(bad.statusCode()).isEqualTo(400);
	}

	private Watcher watch(Watcher watcher) {
		this.watchers.add(watcher);
		return watcher;
	}

	private JsonNode propagation(String service) throws Exception {
		HttpResponse<String> response = get("/api/v1/services/" + service + "/propagation");
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private JsonNode applied(String service, String wait) throws Exception {
		HttpResponse<String> response = get("/api/v1/services/" + service + "/propagation/applied?wait=" + wait);
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> put(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(base() + path))
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build(), BodyHandlers.ofString());
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
