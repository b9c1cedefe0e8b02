package dev.discovery.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The embedded registry and its helpers in a plain JUnit test, without Spring: fakes, the clock, expiry and health
 * checks driven by the clock with no sleep, and the clean-up between tests.
 */
@EmbeddedRegistry
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedRegistryTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static FakeInstance classFake;

	private final TestRegistry registry;

	EmbeddedRegistryTests(TestRegistry registry) {
		this.registry = registry;
	}

	@BeforeAll
	static void registerForTheWholeClass(TestRegistry registry) {
		classFake = registry.registerFake("inventory-service");
	}

	@Test
	@Order(1)
	void fakeInstanceShouldBeRegisteredUpAndAnswerItsRequests() throws Exception {
		FakeInstance payment = this.registry.fake("payment-service").zone("eu-1").metadata("version", "2").register();
		payment.respond("/payments/1", "{\"status\":\"PAID\"}");
		InstanceView view = this.registry.awaitRegistered("payment-service", payment.instanceId());
		assertThat(view.host()).isEqualTo("127.0.0.1");
		assertThat(view.port()).isEqualTo(payment.port());
		assertThat(view.zone()).isEqualTo("eu-1");
		assertThat(view.metadata()).containsEntry("version", "2");
		assertThat(this.registry.instances("payment-service")).extracting(InstanceView::instanceId)
			.containsExactly(payment.instanceId());
		assertThat(get(payment.uri("/payments/1"))).isEqualTo("{\"status\":\"PAID\"}");
		assertThat(get(payment.uri("/refunds/2"))).contains("\"instanceId\":\"" + payment.instanceId() + "\"")
			.contains("\"path\":\"/refunds/2\"");
		assertThat(payment.requests()).containsExactly("GET /payments/1", "GET /refunds/2");
	}

	@Test
	@Order(2)
	void takeOutOfServiceInATest() {
		classFake.takeOutOfService();
		assertThat(this.registry.instances("inventory-service")).isEmpty();
	}

	@Test
	@Order(3)
	void whatEarlierTestsChangedShouldBeUndoneAndWhatTheClassRegisteredKept() {
		assertThat(this.registry.allInstances("payment-service")).as("fakes of earlier tests").isEmpty();
		assertThat(this.registry.instances("inventory-service")).extracting(InstanceView::instanceId)
			.as("fake of @BeforeAll, put back in service").containsExactly(classFake.instanceId());
	}

	@Test
	void leaseShouldExpireWhenTheClockPassesItsTtlWithoutSleeping() {
		FakeInstance silent = this.registry.registerFake("payment-service");
		FakeInstance live = this.registry.registerFake("payment-service");
		silent.stopHeartbeats();
		Instant before = this.registry.now();
		long started = System.nanoTime();
		this.registry.advance(Duration.ofSeconds(16));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.println("advance(16s) with 2 instances took " + took.toMillis() + " ms");
		assertThat(this.registry.now()).isEqualTo(before.plusSeconds(16));
		assertThat(took).as("real time spent simulating 16 s").isLessThan(Duration.ofSeconds(16));
		assertThat(silent.view()).as("lease not renewed").isNull();
		assertThat(live.view()).as("lease renewed while time passed").isNotNull();
	}

	@Test
	void expireLeaseShouldRemoveThatInstanceOnly() {
		FakeInstance doomed = this.registry.registerFake("payment-service");
		FakeInstance other = this.registry.registerFake("payment-service");
		this.registry.expireLease("payment-service", doomed.instanceId());
		assertThat(this.registry.allInstances("payment-service")).extracting(InstanceView::instanceId)
			.containsExactly(other.instanceId());
	}

	@Test
	void failingHealthChecksShouldTakeAnInstanceOutOfThePassingViewAfterTheThreshold() {
		FakeInstance payment = this.registry.fake("payment-service").healthCheck(Duration.ofSeconds(5), 3).register();
		payment.failHealthChecks();
		this.registry.advance(Duration.ofSeconds(5));
		assertThat(payment.view().health()).as("after one failed check").isNotEqualTo(HealthState.CRITICAL);
		this.registry.advance(Duration.ofSeconds(10));
		assertThat(payment.view().health()).isEqualTo(HealthState.CRITICAL);
		assertThat(payment.view().healthOutput()).contains("503");
		assertThat(this.registry.instances("payment-service")).isEmpty();
		payment.passHealthChecks();
		this.registry.advance(Duration.ofSeconds(5));
		assertThat(this.registry.instances("payment-service")).extracting(InstanceView::instanceId)
			.containsExactly(payment.instanceId());
	}

	@Test
	void crashedInstanceShouldFailItsChecksAndThenLoseItsLease() {
		FakeInstance payment = this.registry.registerFake("payment-service");
		payment.crash();
		assertThatException().isThrownBy(() -> get(payment.uri("/payments/1")));
		this.registry.advance(Duration.ofSeconds(14));
		assertThat(payment.view().health()).isEqualTo(HealthState.CRITICAL);
		this.registry.advance(Duration.ofSeconds(2));
		assertThat(payment.view()).isNull();
	}

	@Test
	void instanceTakenOutOfServiceShouldLeaveThePassingViewUntilPutBack() {
		FakeInstance payment = this.registry.registerFake("payment-service");
		payment.takeOutOfService();
		assertThat(payment.view().status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
		assertThat(this.registry.instances("payment-service")).isEmpty();
		payment.putInService();
		assertThat(this.registry.instances("payment-service")).hasSize(1);
	}

	@Test
	void awaitRegisteredShouldNameWhatTheRegistryHolds() {
		FakeInstance payment = this.registry.registerFake("payment-service");
		payment.takeOutOfService();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.registry.awaitRegistered("payment-service", payment.instanceId(),
					Duration.ofMillis(200)))
			.withMessageContaining("OUT_OF_SERVICE");
	}

	@Test
	void clockShouldOnlyMoveForward() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.advance(Duration.ofSeconds(-1)));
	}

	@Test
	void testsWithTheSamePropertiesShouldShareOneRegistry() {
		assertThat(EmbeddedRegistries.get(java.util.List.of())).isSameAs(this.registry);
	}

	@Nested
	@EmbeddedRegistry(properties = "discovery.server.lease.default-ttl=30s")
	class WithOtherProperties {

		@Test
		void shouldGetARegistryOfTheirOwn(TestRegistry other) {
			assertThat(other.port()).isNotEqualTo(EmbeddedRegistryTests.this.registry.port());
		}

	}

	private static String get(URI uri) throws Exception {
		return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
	}

}
