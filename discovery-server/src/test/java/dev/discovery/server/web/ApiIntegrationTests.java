package dev.discovery.server.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.AbstractRegistryHttpTests;
import dev.discovery.server.MutableClock;
import dev.discovery.server.TestClock;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.lease.LeaseExpirer;

import static org.assertj.core.api.Assertions.assertThat;

@Import(TestClock.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.lease.eviction-interval=1h" })
class ApiIntegrationTests extends AbstractRegistryHttpTests {

	private static final String PAYMENT = "{\"host\":\"10.0.1.5\",\"port\":8080,\"metadata\":{\"zone\":\"eu-1\"},"
			+ "\"tags\":[\"blue\"],\"leaseTtl\":\"10s\"}";

	@Autowired
	MutableClock clock;

	@Autowired
	LeaseExpirer expirer;

	@Autowired
	RegistryEpoch epoch;

	@Test
	void registerShouldAnswerCreatedThenOk() {
		ResponseEntity<InstanceView> created = put("/api/v1/services/payment/instances/payment-1", PAYMENT,
				InstanceView.class);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody().zone()).isEqualTo("eu-1");
		assertThat(created.getBody().leaseTtl()).isEqualTo("10s");
		assertThat(created.getHeaders().getFirst(Headers.INDEX)).isEqualTo(Long.toString(this.registry.index()));
		assertThat(put("/api/v1/services/payment/instances/payment-1", PAYMENT, InstanceView.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void createdShouldCarryTheLocationOfTheInstance() {
		ResponseEntity<InstanceView> created = put("/api/v1/services/payment/instances/payment-1", PAYMENT,
				InstanceView.class);
		assertThat(created.getHeaders().getLocation()).hasToString("/api/v1/services/payment/instances/payment-1");
		ResponseEntity<InstanceView> read = this.http.get()
			.uri(created.getHeaders().getLocation().toString())
			.retrieve()
			.toEntity(InstanceView.class);
		assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(read.getBody().instanceId()).isEqualTo("payment-1");
		assertThat(read.getHeaders().getFirst(Headers.INDEX)).isEqualTo(Long.toString(this.registry.index()));
		assertThat(this.http.get().uri("/api/v1/services/payment/instances/nobody").retrieve().toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void everyAnswerWithAnIndexShouldCarryTheEpoch() {
		List<ResponseEntity<String>> answers = List.of(
				put("/api/v1/services/payment/instances/payment-1", PAYMENT, String.class),
				this.http.put().uri("/api/v1/services/payment/instances/payment-1/heartbeat").retrieve()
					.toEntity(String.class),
				put("/api/v1/services/payment/instances/payment-1/status", "{\"status\":\"UP\"}", String.class),
				this.http.get().uri("/api/v1/services").retrieve().toEntity(String.class),
				this.http.get().uri("/api/v1/services/payment/instances").retrieve().toEntity(String.class),
				this.http.get().uri("/api/v1/services/payment/instances?passing=false").retrieve().toEntity(String.class),
				this.http.get().uri("/api/v1/services/payment/instances/payment-1").retrieve().toEntity(String.class),
				this.http.get().uri("/api/v1/watch/delivered?wait=1s").retrieve().toEntity(String.class),
				this.http.delete().uri("/api/v1/services/payment/instances/payment-1").retrieve().toEntity(String.class));
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.getHeaders().getFirst(Headers.INDEX)).isNotNull();
			assertThat(answer.getHeaders().getFirst(Headers.EPOCH)).isEqualTo(this.epoch.id());
		});
	}

	@Test
	void serviceWithNoInstancesShouldAnswerAnEmptyListWithIndex() {
		ResponseEntity<String> never = this.http.get().uri("/api/v1/services/never-seen/instances").retrieve()
			.toEntity(String.class);
		assertThat(never.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(never.getBody()).isEqualTo("[]");
		assertThat(never.getHeaders().getFirst(Headers.INDEX)).isEqualTo(Long.toString(this.registry.index()));
		put("/api/v1/services/payment/instances/payment-1", PAYMENT, String.class);
		this.http.delete().uri("/api/v1/services/payment/instances/payment-1").retrieve().toBodilessEntity();
		ResponseEntity<String> left = this.http.get().uri("/api/v1/services/payment/instances?passing=false")
			.retrieve().toEntity(String.class);
		assertThat(left.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(left.getBody()).isEqualTo("[]");
	}

	@Test
	void tokenSentToAnOpenRegistryShouldBeIgnored() {
		ResponseEntity<String> created = this.http.put()
			.uri("/api/v1/services/payment/instances/payment-1")
			.header("Authorization", "Bearer production-token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(PAYMENT)
			.retrieve()
			.toEntity(String.class);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(this.http.get().uri("/api/v1/services/payment/instances")
			.header("Authorization", "Bearer production-token").retrieve().toEntity(String.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void readsShouldListPassingInstancesWithIndex() {
		put("/api/v1/services/payment/instances/payment-1", PAYMENT, String.class);
		put("/api/v1/services/payment/instances/payment-2", PAYMENT, String.class);
		put("/api/v1/services/payment/instances/payment-2/status", "{\"status\":\"OUT_OF_SERVICE\"}", String.class);
		ResponseEntity<List<InstanceView>> passing = get("/api/v1/services/payment/instances");
		assertThat(passing.getBody()).extracting(InstanceView::instanceId).containsExactly("payment-1");
		assertThat(passing.getHeaders().getFirst(Headers.INDEX)).isEqualTo(Long.toString(this.registry.index()));
		ResponseEntity<List<InstanceView>> all = get("/api/v1/services/payment/instances?passing=false");
		assertThat(all.getBody()).extracting(InstanceView::instanceId).containsExactly("payment-1", "payment-2");
		List<ServiceSummary> services = this.http.get()
			.uri("/api/v1/services")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(services).containsExactly(new ServiceSummary("payment", 2, 1, this.registry.index()));
	}

	@Test
	void heartbeatShouldAnswerTheRenewedLease() {
		put("/api/v1/services/payment/instances/payment-1", PAYMENT, String.class);
		put("/api/v1/services/payment/instances/payment-1/status", "{\"status\":\"OUT_OF_SERVICE\"}", String.class);
		this.clock.advance(Duration.ofSeconds(4));
		ResponseEntity<LeaseView> lease = this.http.put()
			.uri("/api/v1/services/payment/instances/payment-1/heartbeat")
			.retrieve()
			.toEntity(LeaseView.class);
		assertThat(lease.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(lease.getBody().status()).as("the client learns it is out of traffic")
			.isEqualTo(InstanceStatus.OUT_OF_SERVICE);
		assertThat(lease.getBody().lastHeartbeat()).isEqualTo(this.clock.instant());
		assertThat(lease.getBody().leaseExpiresAt()).isEqualTo(this.clock.instant().plusSeconds(10));
	}

	@Test
	void heartbeatOfUnknownInstanceShouldAnswer404Problem() {
		ResponseEntity<Map<String, Object>> response = problem(this.http.put()
			.uri("/api/v1/services/payment/instances/ghost/heartbeat")
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			}));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getBody()).containsEntry("detail", "Instance 'ghost' of service 'payment' is not registered");
	}

	@Test
	void expiredInstanceShouldBeGoneAndItsHeartbeatAnswer404() {
		put("/api/v1/services/payment/instances/payment-1", PAYMENT, String.class);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.expirer.expire()).hasSize(1);
		assertThat(this.http.get().uri("/api/v1/services/payment/instances").retrieve().toEntity(String.class)
			.getBody()).isEqualTo("[]");
		assertThat(this.http.put().uri("/api/v1/services/payment/instances/payment-1/heartbeat").retrieve()
			.toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void invalidRegistrationShouldAnswer422WithEveryErrorAndChangeNothing() {
		long index = this.registry.index();
		ResponseEntity<Map<String, Object>> response = problem(this.http.put()
			.uri("/api/v1/services/payment/instances/payment-1")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"host\":\"bad host\",\"port\":0}")
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			}));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat((List<?>) response.getBody().get("errors")).hasSize(2);
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void badRequestsShouldAnswerProblemDetails() {
		assertProblem(put("/api/v1/services/Bad_Name/instances/x", PAYMENT, String.class), HttpStatus.BAD_REQUEST);
		assertProblem(put("/api/v1/services/pay/instances/x", "{\"host\":", String.class), HttpStatus.BAD_REQUEST);
		assertProblem(put("/api/v1/services/pay/instances/x", "{\"host\":\"a\",\"port\":\"eighty\"}", String.class),
				HttpStatus.BAD_REQUEST);
		assertProblem(put("/api/v1/services/pay/instances/x/status", "{}", String.class), HttpStatus.UNPROCESSABLE_CONTENT);
		assertProblem(this.http.delete().uri("/api/v1/services/pay/instances/x").retrieve().toEntity(String.class),
				HttpStatus.NOT_FOUND);
		assertProblem(this.http.post().uri("/api/v1/services").retrieve().toEntity(String.class),
				HttpStatus.METHOD_NOT_ALLOWED);
		assertProblem(this.http.put()
			.uri("/api/v1/services/pay/instances/x")
			.contentType(MediaType.TEXT_PLAIN)
			.body("host=a")
			.retrieve()
			.toEntity(String.class), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void oversizedBodyShouldAnswer413() {
		String big = "{\"host\":\"10.0.0.1\",\"port\":80,\"metadata\":{\"k\":\"" + "v".repeat(70_000) + "\"}}";
		assertProblem(put("/api/v1/services/pay/instances/x", big, String.class), HttpStatus.CONTENT_TOO_LARGE);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void deregisterShouldAnswer204AndRemove() {
		put("/api/v1/services/payment/instances/payment-1", PAYMENT, String.class);
		assertThat(this.http.delete().uri("/api/v1/services/payment/instances/payment-1").retrieve()
			.toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void actuatorShouldExposeRegistryMeters() {
		put("/api/v1/services/payment/instances/payment-1", PAYMENT, String.class);
		this.http.put().uri("/api/v1/services/payment/instances/payment-1/heartbeat").retrieve().toBodilessEntity();
		String prometheus = this.http.get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(prometheus).contains("discovery_registry_instances 1.0", "discovery_registry_services 1.0",
				"discovery_registry_registrations_total", "discovery_registry_heartbeats_total",
				"discovery_registry_deregistrations_total", "discovery_registry_expirations_total");
		assertThat(this.http.get().uri("/actuator/health").retrieve().body(String.class)).contains("UP");
		assertThat(this.http.get().uri("/health/live").retrieve().body(String.class)).contains("UP");
		assertThat(this.http.get().uri("/health/ready").retrieve().body(String.class)).contains("UP");
	}

	private <T> ResponseEntity<T> put(String path, String json, Class<T> type) {
		return this.http.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().toEntity(type);
	}

	private ResponseEntity<List<InstanceView>> get(String path) {
		return this.http.get().uri(path).retrieve().toEntity(new ParameterizedTypeReference<>() {
		});
	}

	private static <T> ResponseEntity<T> problem(ResponseEntity<T> response) {
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		return response;
	}

	private static void assertProblem(ResponseEntity<String> response, HttpStatus status) {
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).contains("\"detail\"").doesNotContain("Exception", "at dev.");
	}

}
