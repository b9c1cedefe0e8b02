package dev.discovery.server.eureka;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.discovery.server.AbstractRegistryHttpTests;
import dev.discovery.server.TestTokens;

import static dev.discovery.server.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eureka clients can only send HTTP basic credentials (in their service URL): the token is the password.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.limits.write-rate=1", "discovery.server.limits.write-burst=15",
				"discovery.server.limits.max-body-size=2KB" })
class EurekaSecurityIntegrationTests extends AbstractRegistryHttpTests {

	private static final String INSTANCE = EurekaApiIntegrationTests.springCloudInstance("INVENTORY-SERVICE",
			"box:inventory-service:8085", "box", 8085, "UP", "{}");

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry properties) {
		TestTokens.of(token("inventory", "inv-secret", "register,read", "inventory-*"),
				token("viewer", "read-secret", "read"), token("busy", "busy-secret", "register", "inventory-*"))
			.addTo(properties);
	}

	@Test
	void tokenAsBasicPasswordShouldRegisterRenewAndRead() {
		assertThat(call(HttpMethod.POST, "/eureka/apps/INVENTORY-SERVICE", basic("eureka", "inv-secret"), INSTANCE))
			.isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(call(HttpMethod.PUT, "/eureka/apps/INVENTORY-SERVICE/box:inventory-service:8085?status=UP",
				basic("any-user", "inv-secret"), null)).isEqualTo(HttpStatus.OK);
		assertThat(call(HttpMethod.GET, "/eureka/apps/delta", basic("", "inv-secret"), null))
			.isEqualTo(HttpStatus.OK);
		assertThat(call(HttpMethod.GET, "/eureka/apps", "Bearer read-secret", null)).isEqualTo(HttpStatus.OK);
	}

	@Test
	void missingOrWrongCredentialsShouldBeRefused() {
		assertThat(call(HttpMethod.GET, "/eureka/apps", null, null)).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(call(HttpMethod.POST, "/eureka/apps/INVENTORY-SERVICE", null, INSTANCE))
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(call(HttpMethod.POST, "/eureka/apps/INVENTORY-SERVICE", basic("eureka", "guess"), INSTANCE))
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(call(HttpMethod.POST, "/eureka/apps/INVENTORY-SERVICE", "Basic %%%", INSTANCE))
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void tokensShouldActOnlyOnTheirServices() {
		String other = EurekaApiIntegrationTests.springCloudInstance("ORDERS", "box:orders:1", "box", 8081, "UP",
				"{}");
		assertThat(call(HttpMethod.POST, "/eureka/apps/ORDERS", basic("eureka", "inv-secret"), other))
			.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(call(HttpMethod.POST, "/eureka/apps/INVENTORY-SERVICE", basic("eureka", "read-secret"), INSTANCE))
			.isEqualTo(HttpStatus.FORBIDDEN);
		call(HttpMethod.POST, "/eureka/apps/INVENTORY-SERVICE", basic("eureka", "inv-secret"), INSTANCE);
		assertThat(call(HttpMethod.DELETE, "/eureka/apps/INVENTORY-SERVICE/box:inventory-service:8085",
				basic("eureka", "read-secret"), null)).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(call(HttpMethod.PUT, "/eureka/apps/INVENTORY-SERVICE/box:inventory-service:8085/status?value=DOWN",
				basic("eureka", "read-secret"), null)).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(this.registry.instances("inventory-service", true)).hasSize(1);
	}

	@Test
	void writesButNotRenewalsShouldBeRateLimited() {
		String auth = basic("eureka", "busy-secret");
		call(HttpMethod.POST, "/eureka/apps/INVENTORY-SERVICE", auth, INSTANCE);
		for (int i = 0; i < 10; i++) {
			assertThat(call(HttpMethod.PUT, "/eureka/apps/INVENTORY-SERVICE/box:inventory-service:8085?status=UP",
					auth, null)).isEqualTo(HttpStatus.OK);
		}
		HttpStatusCode last = HttpStatus.OK;
		for (int i = 0; i < 40 && last != HttpStatus.TOO_MANY_REQUESTS; i++) {
			last = call(HttpMethod.PUT, "/eureka/apps/INVENTORY-SERVICE/box:inventory-service:8085/metadata?n=" + i,
					auth, null);
		}
		assertThat(last).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void oversizedRegistrationShouldBe413() {
		String big = EurekaApiIntegrationTests.springCloudInstance("INVENTORY-SERVICE", "box:inventory-service:8085",
				"box", 8085, "UP", "{\"pad\":\"" + "x".repeat(4000) + "\"}");
		assertThat(call(HttpMethod.POST, "/eureka/apps/INVENTORY-SERVICE", basic("eureka", "inv-secret"), big))
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void eurekaApiShouldChallengeForBasicCredentials() {
		ResponseEntity<Void> eureka = this.http.get().uri("/eureka/apps").retrieve().toBodilessEntity();
		assertThat(eureka.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(eureka.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic realm=");
		assertThat(this.http.get().uri("/api/v1/services").retrieve().toBodilessEntity().getHeaders()
			.getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
	}

	private HttpStatusCode call(HttpMethod method, String path, @Nullable String authorization,
			@Nullable String body) {
		RestClient.RequestBodySpec request = this.http.method(method).uri(path);
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.retrieve().toBodilessEntity().getStatusCode();
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
