package dev.discovery.server.web;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.AbstractRegistryHttpTests;
import dev.discovery.server.registry.Registrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a peer's client sees when it gets something wrong: every refusal is a complete RFC 9457 problem detail, and a
 * request refused for what it would accept in return has changed nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.lease.eviction-interval=1h" })
class ProblemDetailsIntegrationTests extends AbstractRegistryHttpTests {

	private static final String BODY = "{\"host\":\"10.0.1.5\",\"port\":8080}";

	private static final String XML = "application/xml";

	@BeforeEach
	void setUp() {
		this.registry.register("pay", "p-1", Registrations.spec("10.0.0.1", 8080, Duration.ofMinutes(5)));
	}

	@Test
	void everyProblemShouldNameItsTypeAndTheRequestItAnswers() {
		String[][] requests = { { "PUT", "/api/v1/services/pay/instances/p-2", "{\"host\":\"no host\",\"port\":0}" },
				{ "PUT", "/api/v1/services/pay/instances/p-2", "{\"host\":" },
				{ "PUT", "/api/v1/services/pay/instances/nobody/heartbeat", null },
				{ "GET", "/api/v1/services/pay/instances/nobody", null }, { "POST", "/api/v1/services", "{}" },
				{ "GET", "/api/v1/services/pay/instances?view=odd", null },
				{ "GET", "/api/v1/services/pay/instances?wait=1s", null }, { "GET", "/api/v1/watch", null },
				{ "GET", "/api/v1/nothing-here", null },
				// Refused by the firewall or the container, and answered by the error page: still this request's.
				{ "GET", "/api/v1//services", null }, { "GET", "/api/v1/services/pay/instances/p-1;x=y", null },
				{ "TRACE", "/api/v1/services", null } };
		assertThat(List.of(requests)).allSatisfy((request) -> {
			ResponseEntity<String> answer = send(HttpMethod.valueOf(request[0]), request[1], request[2], null);
			assertThat(answer.getStatusCode().is4xxClientError()).as(answer.getBody()).isTrue();
			JsonNode problem = JsonMapper.shared().readTree(answer.getBody());
			assertThat(problem.path("type").asString()).as(answer.getBody()).isEqualTo("about:blank");
			assertThat(problem.path("title").asString()).as(answer.getBody()).isNotBlank();
			assertThat(problem.path("status").asInt()).isEqualTo(answer.getStatusCode().value());
			assertThat(problem.path("detail").asString()).as(answer.getBody()).isNotBlank();
			assertThat(problem.path("instance").asString()).as(answer.getBody())
				.isEqualTo(request[1].replaceFirst("\\?.*", ""));
		});
	}

	@Test
	void aValueOutsideAnEnumerationShouldBeAnsweredWithTheValuesAllowed() {
		long index = this.registry.index();
		ResponseEntity<String> status = send(HttpMethod.PUT, "/api/v1/services/pay/instances/p-1/status",
				"{\"status\":\"DOWN\"}", null);
		assertThat(status.getStatusCode().value()).isEqualTo(400);
		assertThat(JsonMapper.shared().readTree(status.getBody()).path("detail").asString())
			.isEqualTo("Field 'status' must be one of UP, OUT_OF_SERVICE, STARTING");
		ResponseEntity<String> check = send(HttpMethod.PUT, "/api/v1/services/pay/instances/p-2",
				"{\"host\":\"10.0.0.2\",\"port\":8080,\"healthCheck\":{\"type\":\"GRPC\"}}", null);
		assertThat(check.getStatusCode().value()).isEqualTo(400);
		assertThat(JsonMapper.shared().readTree(check.getBody()).path("detail").asString())
			.isEqualTo("Field 'healthCheck.type' must be one of HTTP, TCP, TTL");
		assertThat(this.registry.index()).isEqualTo(index);
	}

	@Test
	void aBlockingQueryOnTheListOfServicesShouldBeRefusedNotAnsweredAtOnce() {
		// Answered at once, a client looping on index and wait, as it may for Consul's catalog, would spin.
		for (String query : List.of("?index=1&wait=30s", "?index=1", "?wait=5s")) {
			ResponseEntity<String> answer = send(HttpMethod.GET, "/api/v1/services" + query, null, null);
			assertThat(answer.getStatusCode().value()).as(query).isEqualTo(400);
			assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(answer.getBody()).contains("/api/v1/watch?services=*");
		}
		assertThat(send(HttpMethod.GET, "/api/v1/services", null, null).getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void parametersTheFirewallRefusesShouldBeBadRequestsThatChangeNothing() {
		long index = this.registry.index();
		List<ResponseEntity<String>> refused = List.of(
				send(HttpMethod.GET, "/api/v1/services/pay/instances?x%0Ay=1", null, null),
				send(HttpMethod.GET, "/api/v1/services/pay/instances/p-1?%00=1", null, null),
				send(HttpMethod.PUT, "/eureka/apps/PAY/p-1/metadata?a%0Ab=c", null, null));
		assertRefused(refused, 400);
		assertThat(this.registry.index()).isEqualTo(index);
	}

	@Test
	void queryParametersThatAreNotUtf8ShouldBeBadRequests() throws Exception {
		assertRefused(List.of(send(HttpMethod.GET, "/api/v1/services/pay/instances?passing=%FF", null, null),
				send(HttpMethod.GET, "/api/v1/services/pay/instances?index=1&wait=%FF", null, null),
				send(HttpMethod.GET, "/api/v1/services/pay/instances/p-1?x=%FF", null, null),
				send(HttpMethod.GET, "/api/v1/watch/delivered?wait=%C3", null, null)), 400);
		assertThat(streamStatus("/api/v1/watch?services=%FF", "Accept", "*/*")).isEqualTo(400);
	}

	@Test
	void bodiesWithAContentCodingShouldBeRefusedAndChangeNothing() {
		long index = this.registry.index();
		List<ResponseEntity<String>> refused = List.of(
				this.http.put().uri("/api/v1/services/pay/instances/p-2").header("Content-Encoding", "gzip")
					.header("Content-Type", "application/json").body(BODY).retrieve().toEntity(String.class),
				this.http.post().uri("/eureka/apps/PAY").header("Content-Encoding", "deflate")
					.header("Content-Type", "application/json")
					.body("{\"instance\":{\"app\":\"PAY\",\"hostName\":\"10.0.0.2\",\"port\":80}}").retrieve()
					.toEntity(String.class));
		assertRefused(refused, 415);
		assertThat(refused.get(0).getHeaders().getFirst("Accept-Encoding")).isEqualTo("identity");
		assertThat(this.registry.index()).isEqualTo(index);
	}

	@Test
	void fieldsGivenTwiceShouldBeRefusedAndChangeNothing() {
		long index = this.registry.index();
		String twice = "{\"host\":\"10.0.1.5\",\"port\":8080,\"port\":9090}";
		List<ResponseEntity<String>> refused = List.of(
				send(HttpMethod.PUT, "/api/v1/services/pay/instances/p-2", twice, null),
				send(HttpMethod.PUT, "/api/v1/services/pay/instances/p%2D3", twice, null),
				send(HttpMethod.PUT, "/api/v1/services/pay/instances/p-1/status",
						"{\"status\":\"UP\",\"status\":\"OUT_OF_SERVICE\"}", null));
		assertRefused(refused, 400);
		assertThat(refused.get(0).getBody()).contains("gives a field twice");
		assertThat(this.registry.index()).isEqualTo(index);
	}

	@Test
	void writesRefusedAsNotAcceptableShouldChangeNothing() {
		long index = this.registry.index();
		List<ResponseEntity<String>> refused = List.of(
				send(HttpMethod.PUT, "/api/v1/services/pay/instances/p-2", BODY, XML),
				// Percent-encoded names go through Spring MVC rather than the registration fast path.
				send(HttpMethod.PUT, "/api/v1/services/pay/instances/p%2D3", BODY, XML),
				send(HttpMethod.PUT, "/api/v1/services/pay/instances/p-1/status", "{\"status\":\"OUT_OF_SERVICE\"}", XML),
				send(HttpMethod.PUT, "/api/v1/services/pay/instances/p-1/heartbeat", null, XML));
		assertRefused(refused, 406);
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.registry.allInstances()).singleElement()
			.satisfies((instance) -> assertThat(instance.status()).isEqualTo(InstanceStatus.UP));
	}

	@Test
	void readsShouldAnswerNotAcceptableToClientsThatTakeNoJson() {
		for (String path : List.of("/api/v1/services", "/api/v1/services/pay/instances",
				"/api/v1/services/pay/instances?passing=false", "/api/v1/services/pay/instances/p-1")) {
			assertThat(send(HttpMethod.GET, path, null, XML).getStatusCode().value()).as(path).isEqualTo(406);
			// A list is not a problem: asking for problem+json alone does not relabel it.
			assertThat(send(HttpMethod.GET, path, null, "application/problem+json").getStatusCode().value()).as(path)
				.isEqualTo(406);
			ResponseEntity<String> json = send(HttpMethod.GET, path, null, "application/json, */*;q=0.1");
			assertThat(json.getStatusCode().value()).as(path).isEqualTo(200);
			assertThat(json.getHeaders().getContentType()).as(path).hasToString("application/json");
		}
		assertThat(send(HttpMethod.GET, "/api/v1/services", null, "text/html,application/xhtml+xml,*/*;q=0.8")
			.getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void watchShouldAcceptEventStreamClientsOnly() throws Exception {
		assertThat(streamStatus("/api/v1/watch?services=pay", "Accept", "application/json")).isEqualTo(406);
		assertThat(streamStatus("/api/v1/watch?services=pay", "Accept", "text/event-stream")).isEqualTo(200);
		assertThat(send(HttpMethod.GET, "/api/v1/watch/delivered?wait=0s", null, "application/json").getStatusCode()
			.value()).isEqualTo(200);
	}

	@Test
	void negativeIndexesShouldBeRefused() throws Exception {
		for (String path : List.of("/api/v1/watch/delivered?index=-3&wait=0s",
				"/api/v1/services/pay/propagation/applied?index=-1&wait=0s")) {
			ResponseEntity<String> answer = send(HttpMethod.GET, path, null, null);
			assertThat(answer.getStatusCode().value()).as(path).isEqualTo(400);
			assertThat(answer.getHeaders().getFirst("X-Discovery-Index")).as(path).isNull();
			assertThat(answer.getBody()).contains("must not be negative");
		}
		assertThat(streamStatus("/api/v1/watch?services=pay&index=-3", "Accept", "*/*")).isEqualTo(400);
		assertThat(streamStatus("/api/v1/watch?services=pay", "Last-Event-ID", "-5")).isEqualTo(400);
	}

	/** The status of a request that may open a watch stream, which would never end: the body is not read. */
	private int streamStatus(String path, String header, String value) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header(header, value)
			.timeout(Duration.ofSeconds(30))
			.build();
		HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, BodyHandlers.ofInputStream());
		response.body().close();
		return response.statusCode();
	}

	private static void assertRefused(List<ResponseEntity<String>> answers, int status) {
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
			assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
		});
	}

	private ResponseEntity<String> send(HttpMethod method, String path, String body, String accept) {
		RestClient.RequestBodySpec request = this.http.method(method)
			.uri(URI.create("http://127.0.0.1:" + this.port + path));
		if (accept != null) {
			request.header("Accept", accept);
		}
		if (body != null) {
			request.header("Content-Type", "application/json").body(body);
		}
		return request.retrieve().toEntity(String.class);
	}

}
