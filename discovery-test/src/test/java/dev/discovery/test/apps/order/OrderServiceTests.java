package dev.discovery.test.apps.order;

import java.time.Duration;

import dev.discovery.test.EmbeddedRegistry;
import dev.discovery.test.FakeInstance;
import dev.discovery.test.TestRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedRegistry
class OrderServiceTests {

	@Autowired
	TestRegistry registry;

	@Autowired
	ApplicationContext application;

	@LocalServerPort
	int port;

	@Test
	void callsPaymentServiceByName() {
		this.registry.awaitRegistered(this.application);                    // my app is registered and UP
		FakeInstance payment = this.registry.registerFake("payment-service")  // answered by a stub on 127.0.0.1
			.respond("/payments/42", "{\"paymentId\":\"42\",\"status\":\"PAID\"}");

		String order = RestClient.create("http://localhost:" + this.port).get().uri("/orders/42")
			.retrieve().body(String.class);

		assertThat(order).contains("PAID");
		assertThat(payment.requests()).containsExactly("GET /payments/42");
	}

	@Test
	void stopsChoosingAnInstanceWhoseLeaseRanOut() {
		FakeInstance stuck = this.registry.registerFake("payment-service");
		FakeInstance healthy = this.registry.registerFake("payment-service");
		stuck.stopHeartbeats();
		this.registry.advance(Duration.ofSeconds(16));                      // 16 s pass in milliseconds
		assertThat(this.registry.choices(this.application, "payment-service", 4))
			.containsOnly(healthy.instanceId());
	}

	@Test
	void stopsChoosingAnInstanceThatFailsItsHealthChecks() {
		FakeInstance sick = this.registry.registerFake("payment-service");
		FakeInstance healthy = this.registry.registerFake("payment-service");
		sick.failHealthChecks();
		this.registry.advance(Duration.ofSeconds(15));                      // three failed checks, 5 s apart
		assertThat(this.registry.choose(this.application, "payment-service")).isEqualTo(healthy.instanceId());
	}

	@Test
	void stopsCallingAnInstanceThatHangsButStillHeartbeats() {
		FakeInstance stuck = this.registry.registerFake("payment-service").hang();
		FakeInstance healthy = this.registry.registerFake("payment-service")
			.respond("/payments/42", "{\"paymentId\":\"42\",\"status\":\"PAID\"}");
		this.registry.advance(Duration.ofSeconds(17));                      // three checks time out, 5 s apart
		assertThat(this.registry.choices(this.application, "payment-service", 4))
			.containsOnly(healthy.instanceId());
		for (int i = 0; i < 4; i++) {
			assertThat(RestClient.create("http://localhost:" + this.port).get().uri("/orders/42")
				.retrieve().body(String.class)).contains("PAID");
		}
		assertThat(stuck.requests()).isEmpty();
		assertThat(healthy.requests()).hasSize(4);
	}

}
