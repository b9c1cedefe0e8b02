package dev.discovery.sample.gateway;

import java.util.ArrayList;
import java.util.List;

import dev.discovery.test.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code DiscoveryRetry} route filter honours LoadBalancer's retry switch for one service
 * ({@code spring.cloud.loadbalancer.clients.<service>.retry.enabled=false}): that service's route makes one attempt,
 * while the routes of other services still retry.
 */
class DiscoveryRetrySwitchIntegrationTests {

	private static TestRegistry registry;

	private static GatewayUnderTest gateway;

	private final List<Backend> backends = new ArrayList<>();

	@BeforeAll
	static void start() {
		registry = TestRegistry.start();
		gateway = GatewayUnderTest.start(registry,
				"--spring.cloud.loadbalancer.clients.payment-service.retry.enabled=false");
	}

	@AfterAll
	static void stop() {
		gateway.close();
		registry.close();
	}

	@AfterEach
	void closeBackends() {
		this.backends.forEach(Backend::close);
	}

	@Test
	void serviceWithRetryOffShouldGetOneAttempt() {
		List<Backend> failing = failing("payment-service");
		assertThat(gateway.send("GET", "/payments/1", "").statusCode()).isEqualTo(502);
		// A 502 to a GET is retried on another instance unless the switch is off.
		assertThat(failing.get(0).hits() + failing.get(1).hits()).isEqualTo(1);
	}

	@Test
	void otherServicesShouldStillBeRetried() {
		List<Backend> failing = failing("order-service");
		assertThat(gateway.send("GET", "/orders/1", "").statusCode()).isEqualTo(502);
		assertThat(failing).allSatisfy((backend) -> assertThat(backend.hits()).isEqualTo(1));
	}

	/** Two instances of the service that answer 502, registered and seen by the gateway. */
	private List<Backend> failing(String service) {
		List<Backend> failing = new ArrayList<>();
		for (String id : List.of("first", "second")) {
			Backend backend = Backend.start(id + "-" + System.nanoTime(), 502, null);
			this.backends.add(backend);
			gateway.register(service, backend.id(), backend.port());
			failing.add(backend);
		}
		gateway.awaitInstances(service, failing.get(0).port(), failing.get(1).port());
		return failing;
	}

}
