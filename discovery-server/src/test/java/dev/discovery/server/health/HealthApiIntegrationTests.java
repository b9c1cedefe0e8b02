package dev.discovery.server.health;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceView;
import dev.discovery.server.AbstractRegistryHttpTests;
import dev.discovery.server.MutableClock;
import dev.discovery.server.TestClock;
import dev.discovery.server.lease.LeaseExpirer;

import static org.assertj.core.api.Assertions.assertThat;

@Import(TestClock.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		// The stub instances listen on 127.0.0.1: a registry on loopback may check them.
		"server.address=127.0.0.1",
		"spring.jmx.enabled=false", "discovery.server.lease.eviction-interval=1h", "discovery.server.health.tick=1h",
		"discovery.server.health.verify-address=true" })
class HealthApiIntegrationTests extends AbstractRegistryHttpTests {

	@Autowired
	MutableClock clock;

	@Autowired
	HealthChecker checker;

	@Autowired
	LeaseExpirer expirer;

	private final StubInstance stub = new StubInstance();

	@BeforeEach
	void setUp() {
		this.checker.setRandom(() -> 0L);
	}

	@AfterEach
	void tearDown() {
		this.stub.close();
	}

	@Test
	void failingCheckShouldShowInTheInstanceViewAndDropItFromThePassingView() {
		assertThat(register("pay-1", this.stub.port()).getStatusCode()).isEqualTo(HttpStatus.CREATED);
		this.checker.runDueChecks().join();
		this.stub.answer(503);
		this.clock.advance(Duration.ofSeconds(5));
		this.checker.runDueChecks().join();
		InstanceView view = this.http.get().uri("/api/v1/services/pay/instances?passing=false&view=full").retrieve()
			.body(new ParameterizedTypeReference<java.util.List<InstanceView>>() {
			}).get(0);
		assertThat(view.health()).isEqualTo(HealthState.CRITICAL);
		assertThat(view.healthOutput()).isEqualTo("GET http://127.0.0.1:" + this.stub.port() + "/health/ready: HTTP 503");
		assertThat(view.lastCheckAt()).isEqualTo(this.clock.instant());
		assertThat(this.http.get().uri("/api/v1/services/pay/instances").retrieve()
			.body(new ParameterizedTypeReference<java.util.List<InstanceView>>() {
			})).isEmpty();
	}

	@Test
	void unreachableAddressShouldBeRefusedAtRegistration() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		long index = this.registry.index();
		ResponseEntity<Map<String, Object>> response = register("pay-1", closed);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) response.getBody().get("detail"))
			.contains("the registry cannot connect to 127.0.0.1:" + closed);
		assertThat(this.registry.index()).isEqualTo(index);
	}

	@Test
	void protectionShouldBeReportedAndMetered() {
		Map<String, Object> report = this.http.get().uri("/api/v1/protection").retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(report).containsEntry("enabled", true).containsEntry("threshold", 0.5)
			.containsEntry("window", "30s").containsEntry("services", java.util.List.of());
		register("pay-1", this.stub.port());
		this.checker.runDueChecks().join();
		String prometheus = this.http.get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(prometheus).contains("discovery_health_checks_total{result=\"passing\",type=\"http\"} 1.0",
				"discovery_health_check_duration_seconds_count{type=\"http\"} 1",
				"discovery_health_instances{state=\"passing\"} 1.0", "discovery_health_checks_running 0.0",
				"discovery_protection_active 0.0", "discovery_protection_held 0.0");
	}

	@Test
	void leaseExpiryShouldBeHeldAndReportedWhenMostOfAServiceVanishes() {
		for (int i = 1; i <= 4; i++) {
			this.http.put()
				.uri("/api/v1/services/ledger/instances/ledger-" + i)
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"host\":\"127.0.0.1\",\"port\":" + this.stub.port() + ",\"leaseTtl\":\"10s\"}")
				.retrieve()
				.toBodilessEntity();
		}
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.expirer.expire()).hasSize(2);
		assertThat(this.http.get().uri("/api/v1/protection").retrieve().body(String.class)).contains(
				"\"name\":\"ledger\"",
				"\"reason\":\"4 of 4 instances failed or expired within 30s (threshold 50%)\"");
		assertThat(this.http.get().uri("/actuator/prometheus").retrieve().body(String.class)).contains(
				"discovery_protection_active 1.0",
				"discovery_protection_scope{reason=\"service-losses\",service=\"ledger\"} 2.0");
		this.registry.allInstances().forEach((i) -> this.registry.heartbeat(i.service(), i.id()));
		assertThat(this.http.get().uri("/api/v1/protection").retrieve().body(String.class)).contains("\"services\":[]");
	}

	private ResponseEntity<Map<String, Object>> register(String id, int port) {
		String body = "{\"host\":\"127.0.0.1\",\"port\":" + port
				+ ",\"healthCheck\":{\"type\":\"HTTP\",\"failureThreshold\":1}}";
		return this.http.put()
			.uri("/api/v1/services/pay/instances/" + id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
	}

}
