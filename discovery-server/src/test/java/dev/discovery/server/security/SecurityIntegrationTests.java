package dev.discovery.server.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.discovery.server.AbstractRegistryHttpTests;
import dev.discovery.server.TestTokens;

import static dev.discovery.server.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false" })
class SecurityIntegrationTests extends AbstractRegistryHttpTests {

	private static final String BODY = "{\"host\":\"10.0.0.1\",\"port\":8080}";

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry properties) {
		TestTokens.of(token("ops", "admin-secret", "admin"), token("payment", "pay-secret", "register,read", "payment-*"),
				token("dashboard", "read-secret", "read"), token("writer", "write-only", "register", "orders"))
			.addTo(properties);
	}

	@Test
	void requestWithoutTokenShouldAnswer401Problem() {
		ResponseEntity<String> response = call(HttpMethod.GET, "/api/v1/services", null, null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(call(HttpMethod.PUT, "/api/v1/services/payment-service/instances/p-1", null, BODY)
			.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void unknownTokenShouldAnswer401() {
		assertThat(call(HttpMethod.GET, "/api/v1/services", "guess", null).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void registerTokenShouldActOnlyOnItsServices() {
		assertThat(call(HttpMethod.PUT, "/api/v1/services/payment-service/instances/p-1", "pay-secret", BODY)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(call(HttpMethod.PUT, "/api/v1/services/payment-service/instances/p-1/heartbeat", "pay-secret",
				null).getStatusCode()).isEqualTo(HttpStatus.OK);
		ResponseEntity<String> denied = call(HttpMethod.PUT, "/api/v1/services/orders/instances/o-1", "pay-secret",
				BODY);
		assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(denied.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(call(HttpMethod.DELETE, "/api/v1/services/payment-service/instances/p-1", "write-only", null)
			.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(this.registry.instanceCount()).isEqualTo(1);
		assertThat(call(HttpMethod.DELETE, "/api/v1/services/payment-service/instances/p-1", "pay-secret", null)
			.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
	}

	@Test
	void readsShouldNeedTheReadRole() {
		assertThat(call(HttpMethod.GET, "/api/v1/services", "read-secret", null).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(call(HttpMethod.GET, "/api/v1/services", "write-only", null).getStatusCode())
			.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(call(HttpMethod.PUT, "/api/v1/services/payment-service/instances/p-1", "read-secret", BODY)
			.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void adminShouldDoEverything() {
		assertThat(call(HttpMethod.PUT, "/api/v1/services/anything/instances/a-1", "admin-secret", BODY)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(call(HttpMethod.GET, "/actuator/prometheus", "admin-secret", null).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(call(HttpMethod.GET, "/actuator/prometheus", "read-secret", null).getStatusCode())
			.isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void probesShouldStayOpen() {
		assertThat(call(HttpMethod.GET, "/health/live", null, null).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(call(HttpMethod.GET, "/health/ready", null, null).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(call(HttpMethod.GET, "/actuator/health", null, null).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void suspectReportsShouldNeedTheReadRole() {
		call(HttpMethod.PUT, "/api/v1/services/payment-service/instances/p-1", "pay-secret", BODY);
		String suspect = "/api/v1/services/payment-service/instances/p-1/suspect";
		assertThat(call(HttpMethod.POST, suspect, null, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(call(HttpMethod.POST, suspect, "write-only", null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(call(HttpMethod.POST, suspect, "read-secret", null).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
	}

	private ResponseEntity<String> call(HttpMethod method, String path, String token, String body) {
		RestClient.RequestBodySpec request = this.http.method(method).uri(path);
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.retrieve().toEntity(String.class);
	}

}
