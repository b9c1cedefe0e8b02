package dev.discovery.server.store;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import dev.discovery.server.TestClients;
import dev.discovery.server.registry.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that cannot commit (a full disk here, an etcd without quorum elsewhere) makes writes answer 503 with a
 * problem detail, never 500, while heartbeats and reads go on.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false" })
class StoreUnavailableIntegrationTests {

	private static final String BODY = "{\"host\":\"10.0.1.5\",\"port\":8080}";

	@LocalServerPort
	int port;

	@Autowired
	FailingJournal journal;

	@AfterEach
	void heal() {
		this.journal.failing = false;
	}

	@Test
	void writesShouldAnswer503WithAProblemWhileReadsAndHeartbeatsGoOn() {
		RestClient http = TestClients.lenient(this.port);
		assertThat(put(http, "/api/v1/services/pay/instances/pay-1").getStatusCode().value()).isEqualTo(201);
		this.journal.failing = true;
		ResponseEntity<Map> refused = put(http, "/api/v1/services/pay/instances/pay-2");
		assertThat(refused.getStatusCode().value()).isEqualTo(503);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(refused.getBody()).containsEntry("status", 503).containsEntry("detail", "disk full");
		assertThat(http.delete().uri("/api/v1/services/pay/instances/pay-1").retrieve().toBodilessEntity()
			.getStatusCode().value()).isEqualTo(503);
		assertThat(http.put().uri("/api/v1/services/pay/instances/pay-1/heartbeat").retrieve().toBodilessEntity()
			.getStatusCode().value()).isEqualTo(200);
		assertThat(http.get().uri("/api/v1/services/pay/instances").retrieve().body(String.class)).contains("pay-1")
			.doesNotContain("pay-2");
		this.journal.failing = false;
		assertThat(put(http, "/api/v1/services/pay/instances/pay-2").getStatusCode().value()).isEqualTo(201);
	}

	private static ResponseEntity<Map> put(RestClient http, String path) {
		return http.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(BODY).retrieve().toEntity(Map.class);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Failing {

		@Bean
		FailingJournal failingJournal() {
			return new FailingJournal();
		}

	}

	static final class FailingJournal extends RecoveredJournal {

		volatile boolean failing;

		@Override
		public void reserve(long index) {
			if (this.failing) {
				throw new StoreUnavailableException("disk full");
			}
		}

	}

}
