package dev.discovery.server.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.limits.write-rate=1", "discovery.server.limits.write-burst=3",
				"discovery.server.limits.max-instances-per-service=2", "discovery.server.limits.max-instances=3" })
class LimitsIntegrationTests {

	private static final String BODY = "{\"host\":\"10.0.0.1\",\"port\":8080}";

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Autowired
	WriteRateLimiter limiter;

	RestClient http;

	@BeforeEach
	void setUp() {
		this.http = TestClients.lenient(this.port);
	}

	@Test
	void limitsShouldAnswerProblemsAndChangeNothing() {
		assertThat(register("a", "a-1").getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(register("a", "a-2").getStatusCode()).isEqualTo(HttpStatus.CREATED);
		ResponseEntity<String> full = register("a", "a-3");
		assertThat(full.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(full.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(full.getBody()).contains("already has 2 instances");
		long index = this.registry.index();
		ResponseEntity<String> limited = register("b", "b-1");
		assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(limited.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.registry.instanceCount()).isEqualTo(2);
		assertThat(this.http.get().uri("/api/v1/services").retrieve().toBodilessEntity().getStatusCode())
			.as("reads are not limited")
			.isEqualTo(HttpStatus.OK);
		for (int i = 0; i < 20; i++) {
			assertThat(this.http.put()
				.uri("/api/v1/services/a/instances/a-1/heartbeat")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()).as("renewals are not limited like registrations").isEqualTo(HttpStatus.OK);
		}
		assertThat(register("b", "b-1").getStatusCode()).as("registrations still are")
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FrozenClock {

		/** Time stands still, so no bucket refills while the test runs, however slow the machine. */
		@Bean
		@Primary
		MutableClock frozenClock() {
			return new MutableClock();
		}

	}

	private ResponseEntity<String> register(String service, String id) {
		return this.http.put()
			.uri("/api/v1/services/{s}/instances/{i}", service, id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(BODY)
			.retrieve()
			.toEntity(String.class);
	}

}
