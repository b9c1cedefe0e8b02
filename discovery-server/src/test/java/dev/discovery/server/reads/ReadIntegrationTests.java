package dev.discovery.server.reads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.lease.eviction-interval=1h" })
class ReadIntegrationTests {

	private static final String PATH = "/api/v1/services/payment-service/instances";

	/** The same resource, spelt so that the fast path leaves it to Spring MVC. */
	private static final String MVC_PATH = "/api/v1/services/payment%2Dservice/instances";

	private static final List<String> BODIES = List.of("{\"host\":\"10.0.1.5\",\"port\":8080}",
			"{\"host\":\"pay-2.example.com\",\"port\":8443,\"secure\":true,\"metadata\":{\"zone\":\"eu-1\","
					+ "\"note\":\"a \\\"quoted\\\" \\\\ é 😀 value\"},\"tags\":[\"blue\",\"canary\"],\"weight\":7,"
					+ "\"leaseTtl\":\"30s\"}",
			"{\"host\":\"10.0.1.7\",\"port\":9090,\"healthCheck\":{\"type\":\"TTL\",\"interval\":\"10s\","
					+ "\"failureThreshold\":2,\"deregisterAfter\":\"5m\"}}",
			"{\"host\":\"10.0.1.8\",\"port\":9091,\"tags\":[]}");

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Autowired
	MutableClock clock;

	@Autowired
	JsonMapper json;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void registerInstancesOfManyShapes() throws Exception {
		this.registry.allInstances().forEach((i) -> this.registry.deregister(i.service(), i.id()));
		for (int i = 0; i < BODIES.size(); i++) {
			HttpResponse<String> registered = send(HttpRequest
				.newBuilder(uri("/api/v1/services/payment-service/instances/payment-" + i))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(BODIES.get(i))));
			assertThat(registered.statusCode()).isEqualTo(201);
		}
		this.registry.setStatus("payment-service", "payment-1", InstanceStatus.OUT_OF_SERVICE);
		this.clock.advance(Duration.ofMillis(1500));
		this.registry.heartbeat("payment-service", "payment-2");
	}

	@Test
	void fullViewShouldBeWhatJacksonWritesForTheInstances() throws Exception {
		for (boolean passing : new boolean[] { true, false }) {
			assertThat(get(PATH + "?view=full&passing=" + passing).body()).isEqualTo(expected(passing));
		}
	}

	private String expected(boolean passing) {
		return this.json.writeValueAsString(
				this.registry.instances("payment-service", passing).stream().map(RegisteredInstance::toView).toList());
	}

	@Test
	void fastPathShouldAnswerAsSpringMvcDoesForEveryView() throws Exception {
		for (String query : List.of("", "?passing=false", "?view=full", "?passing=false&view=full",
				"?view=compact&passing=true")) {
			HttpResponse<String> fast = get(PATH + query);
			HttpResponse<String> mvc = get(MVC_PATH + query);
			assertThat(fast.statusCode()).isEqualTo(mvc.statusCode()).isEqualTo(200);
			assertThat(fast.body()).isEqualTo(mvc.body());
			for (String header : List.of(Headers.INDEX, "ETag", "Vary", "Content-Type", "Cache-Control")) {
				assertThat(fast.headers().firstValue(header)).isEqualTo(mvc.headers().firstValue(header)).isPresent();
			}
		}
	}

	@Test
	void compactViewShouldListWhatCallersNeedWithoutTheHeavyParts() throws Exception {
		JsonNode all = this.json.readTree(get(PATH + "?passing=false").body());
		assertThat(all).hasSize(4);
		assertThat(all.get(1).get("secure").booleanValue()).isTrue();
		assertThat(all.get(1).get("tags").toString()).isEqualTo("[\"blue\",\"canary\"]");
		assertThat(all.get(1).get("status").asString()).isEqualTo("OUT_OF_SERVICE");
		// What holds its documented default is left out: the service, secure=false, weight=1, UP, PASSING.
		for (String name : List.of("service", "secure", "weight", "status", "health", "tags")) {
			assertThat(all.get(0).has(name)).as(name).isFalse();
		}
		for (JsonNode instance : all) {
			assertThat(instance.has("healthCheck") || instance.has("lastHeartbeat") || instance.has("registeredAt"))
				.isFalse();
		}
		assertThat(this.json.readTree(get(PATH).body())).hasSize(3);
	}

	@Test
	void aClientHoldingTheAnswerShouldGetNotModifiedUntilWhatItShowsChanges() throws Exception {
		HttpResponse<String> compact = get(PATH);
		HttpResponse<String> full = get(PATH + "?view=full");
		String compactTag = compact.headers().firstValue("ETag").orElseThrow();
		String fullTag = full.headers().firstValue("ETag").orElseThrow();
		assertThat(compactTag).isNotEqualTo(fullTag);
		HttpResponse<String> notModified = get(PATH, "If-None-Match", compactTag);
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(notModified.headers().firstValue("ETag")).contains(compactTag);
		assertThat(notModified.headers().firstValue(Headers.INDEX)).isPresent();
		assertThat(compact.headers().firstValue("Cache-Control")).contains("no-cache");
		assertThat(get(PATH + "?view=full", "If-None-Match", "\"x\", " + fullTag).statusCode()).isEqualTo(304);
		// A heartbeat changes the lease times the full view shows, not the compact view.
		this.clock.advance(Duration.ofSeconds(1));
		this.registry.heartbeat("payment-service", "payment-0");
		assertThat(get(PATH, "If-None-Match", compactTag).statusCode()).isEqualTo(304);
		assertThat(get(PATH + "?view=full", "If-None-Match", fullTag).statusCode()).isEqualTo(200);
		this.registry.setStatus("payment-service", "payment-3", InstanceStatus.OUT_OF_SERVICE);
		HttpResponse<String> changed = get(PATH, "If-None-Match", compactTag);
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(compactTag);
		assertThat(this.json.readTree(changed.body())).hasSize(2);
	}

	@Test
	void gzipShouldBeSentWhenTheClientAcceptsIt() throws Exception {
		HttpResponse<byte[]> plain = this.http.send(HttpRequest.newBuilder(uri(PATH + "?view=full")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		HttpResponse<byte[]> gzipped = this.http.send(HttpRequest.newBuilder(uri(PATH + "?view=full"))
			.header("Accept-Encoding", "deflate, gzip;q=0.8")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
		assertThat(gzipped.headers().firstValue("Vary")).contains("Accept-Encoding");
		assertThat(gzipped.body().length).isLessThan(plain.body().length);
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
			assertThat(in.readAllBytes()).isEqualTo(plain.body());
		}
		HttpResponse<byte[]> refused = this.http.send(HttpRequest.newBuilder(uri(PATH + "?view=full"))
			.header("Accept-Encoding", "gzip;q=0")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
	}

	@Test
	void aServiceWithNoInstancesShouldBeAnEmptyListWithTheIndex() throws Exception {
		HttpResponse<String> none = get("/api/v1/services/nobody/instances");
		assertThat(none.statusCode()).isEqualTo(200);
		assertThat(none.body()).isEqualTo("[]");
		assertThat(none.headers().firstValue(Headers.INDEX)).contains(Long.toString(this.registry.index()));
	}

	@Test
	void badRequestsShouldBeProblemDetailsOnBothPaths() throws Exception {
		for (String path : List.of("/api/v1/services/Bad_Name/instances", "/api/v1/services/Bad%5FName/instances",
				PATH + "?view=everything", PATH + "?passing=maybe")) {
			HttpResponse<String> answer = get(path);
			assertThat(answer.statusCode()).as(path).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
			assertThat(this.json.readTree(answer.body()).get("detail").asString()).isNotBlank();
		}
	}

	@Test
	void blockingQueriesShouldStillAnswerInEitherView() throws Exception {
		long index = this.registry.index();
		HttpResponse<String> atOnce = get(PATH + "?index=" + (index - 1) + "&wait=5s&view=full");
		assertThat(atOnce.body()).isEqualTo(get(PATH + "?view=full").body());
		assertThat(atOnce.headers().firstValue("ETag")).isPresent();
		CompletableFuture<HttpResponse<String>> parked = this.http.sendAsync(
				HttpRequest.newBuilder(uri(PATH + "?index=" + index + "&wait=30s")).build(),
				HttpResponse.BodyHandlers.ofString());
		this.registry.setStatus("payment-service", "payment-3", InstanceStatus.OUT_OF_SERVICE);
		HttpResponse<String> changed = parked.get(60, TimeUnit.SECONDS);
		assertThat(changed.body()).isEqualTo(get(PATH).body());
		assertThat(this.json.readTree(changed.body())).hasSize(2);
	}

	private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock();
		}

	}

}
