package dev.discovery.server.reads;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read fast path runs after the security filters: it never answers a caller the API would turn away.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.security.tokens[0].name=dashboard",
				"discovery.server.security.tokens[0].value=read-secret",
				"discovery.server.security.tokens[0].roles=read",
				"discovery.server.security.tokens[1].name=writer",
				"discovery.server.security.tokens[1].value=write-only",
				"discovery.server.security.tokens[1].roles=register",
				"discovery.server.security.tokens[1].services=payment-service" })
class SecuredReadIntegrationTests {

	private static final List<String> READS = List.of("/api/v1/services/payment-service/instances",
			"/api/v1/services/payment-service/instances?passing=false&view=full",
			"/api/v1/services/payment%2Dservice/instances");

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void register() {
		this.registry.register("payment-service", "payment-1", Registrations.spec("10.0.0.1", 8080));
	}

	@Test
	void aReadWithoutATokenShouldBeUnauthorizedWithoutTheInstances() throws Exception {
		for (String path : READS) {
			HttpResponse<String> answer = get(path, null);
			assertThat(answer.statusCode()).as(path).isEqualTo(401);
			assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
			assertThat(answer.body()).doesNotContain("10.0.0.1");
		}
	}

	@Test
	void aReadWithAWrongTokenShouldBeUnauthorized() throws Exception {
		for (String path : READS) {
			assertThat(get(path, "not-a-token").statusCode()).as(path).isEqualTo(401);
		}
	}

	@Test
	void aTokenWithoutTheReadRoleShouldBeForbidden() throws Exception {
		for (String path : READS) {
			HttpResponse<String> answer = get(path, "write-only");
			assertThat(answer.statusCode()).as(path).isEqualTo(403);
			assertThat(answer.body()).doesNotContain("10.0.0.1");
		}
	}

	@Test
	void aReadTokenShouldBeAnswered() throws Exception {
		for (String path : READS) {
			HttpResponse<String> answer = get(path, "read-secret");
			assertThat(answer.statusCode()).as(path).isEqualTo(200);
			assertThat(answer.body()).contains("\"host\":\"10.0.0.1\"");
		}
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
