package dev.discovery.server.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.protocol.Headers;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registration fast path answers exactly as the Spring MVC mapping does: the same status, headers, view and
 * problem details, for good and bad registrations alike.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.limits.max-body-size=2KB", "discovery.server.limits.write-rate=0" })
class RegistrationFilterIntegrationTests {

	/** Served by the fast path. */
	private static final String FAST = "/api/v1/services/payment-service/instances/";

	/** The same resource, spelt so that the fast path leaves it to Spring MVC. */
	private static final String MVC = "/api/v1/services/payment%2Dservice/instances/";

	private static final List<String> BODIES = List.of("{\"host\":\"10.0.1.5\",\"port\":8080}",
			"{\"host\":\"pay.example.com\",\"port\":8443,\"secure\":true,\"metadata\":{\"zone\":\"eu-1\",\"note\":"
					+ "\"a \\\"quoted\\\" é 😀\"},\"tags\":[\"blue\"],\"weight\":7,\"leaseTtl\":\"30s\",\"unknown\":1,"
					+ "\"healthCheck\":{\"type\":\"TTL\",\"deregisterAfter\":\"5m\"},\"status\":\"STARTING\"}",
			"", "{}", "{\"host\":\"not a host\",\"port\":70000}", "{\"host\":true,\"port\":\"8080\"}",
			"{\"host\":\"10.0.1.5\",\"port\":1.5}", "{\"host\":\"10.0.1.5\",", "[1,2]", "null",
			"{\"host\":\"10.0.1.5\",\"port\":8080,\"metadata\":{\"k\":\"" + "x".repeat(3000) + "\"}}",
			"{\"host\":\"10.0.1.5\",\"port\":8080,\"status\":\"BROKEN\"}");

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Autowired
	JsonMapper json;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void empty() {
		this.registry.allInstances().forEach((i) -> this.registry.deregister(i.service(), i.id()));
	}

	@Test
	void everyBodyShouldBeAnsweredAsSpringMvcAnswersIt() throws Exception {
		for (int i = 0; i < BODIES.size(); i++) {
			String body = BODIES.get(i);
			HttpResponse<String> fast = put(FAST + "fast-" + i, body, "application/json");
			HttpResponse<String> mvc = put(MVC + "mvc-" + i, body, "application/json");
			assertThat(fast.statusCode()).as(body).isEqualTo(mvc.statusCode());
			assertThat(fast.headers().firstValue("Content-Type")).as(body).isEqualTo(mvc.headers().firstValue("Content-Type"));
			assertThat(comparable(fast.body(), "fast-" + i)).as(body).isEqualTo(comparable(mvc.body(), "mvc-" + i));
		}
	}

	@Test
	void aRegistrationShouldAnswerJacksonsViewOfWhatTheRegistryHolds() throws Exception {
		HttpResponse<String> created = put(FAST + "payment-1", BODIES.get(1), "application/json");
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).contains(FAST + "payment-1");
		assertThat(created.headers().firstValue(Headers.INDEX)).contains(Long.toString(this.registry.index()));
		assertThat(created.body()).isEqualTo(
				this.json.writeValueAsString(this.registry.instance("payment-service", "payment-1").toView()));
		HttpResponse<String> replaced = put(FAST + "payment-1", BODIES.get(0), "application/json; charset=UTF-8");
		assertThat(replaced.statusCode()).isEqualTo(200);
		assertThat(replaced.headers().firstValue("Location")).isEmpty();
		assertThat(this.json.readTree(replaced.body()).get("port").intValue()).isEqualTo(8080);
	}

	@Test
	void anotherContentTypeShouldBeLeftToSpringMvc() throws Exception {
		assertThat(put(FAST + "payment-1", BODIES.get(0), "text/plain").statusCode()).isEqualTo(415);
		assertThat(this.registry.instanceCount()).isZero();
	}

	/** The answer without what differs between two registrations: their ids, times, indexes and request paths. */
	private JsonNode comparable(String body, String id) {
		JsonNode node = this.json.readTree(body);
		if (node instanceof ObjectNode object) {
			for (String field : List.of("instanceId", "registeredAt", "lastHeartbeat", "leaseExpiresAt", "index",
					"instance")) {
				object.remove(field);
			}
		}
		return node;
	}

	private HttpResponse<String> put(String path, String body, String contentType) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.timeout(Duration.ofSeconds(30))
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
