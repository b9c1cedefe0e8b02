package dev.discovery.test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

import dev.discovery.protocol.InstanceView;
import dev.discovery.test.apps.order.OrderApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kit with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}: the application under test (configured for
 * {@code http://localhost:8761}, as a real one would be) registers with the embedded registry, calls fake instances
 * by name, and its LoadBalancer follows what the test does to them.
 */
@SpringBootTest(classes = OrderApp.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedRegistry
class SpringBootApplicationTests {

	@Autowired
	TestRegistry registry;

	@Autowired
	ConfigurableApplicationContext application;

	@LocalServerPort
	int port;

	@Test
	void applicationShouldRegisterWithTheEmbeddedRegistry() {
		InstanceView self = this.registry.awaitRegistered(this.application);
		assertThat(self.service()).isEqualTo("order-app");
		assertThat(self.host()).isEqualTo("127.0.0.1");
		assertThat(self.port()).isEqualTo(this.port);
	}

	@Test
	void applicationShouldCallAFakeInstanceByName() {
		FakeInstance payment = this.registry.registerFake("payment-service")
			.respond("/payments/7", "{\"paymentId\":\"7\",\"status\":\"PAID\"}");
		String order = RestClient.create("http://127.0.0.1:" + this.port).get().uri("/orders/7").retrieve()
			.body(String.class);
		assertThat(order).isEqualTo("{\"paymentId\":\"7\",\"status\":\"PAID\"}");
		assertThat(payment.requests()).containsExactly("GET /payments/7");
	}

	@Test
	void loadBalancerShouldChooseOnlyInstancesInService() {
		FakeInstance first = this.registry.registerFake("payment-service");
		FakeInstance second = this.registry.registerFake("payment-service");
		assertThat(this.registry.choices(this.application, "payment-service", 4)).containsOnly(first.instanceId(),
				second.instanceId());
		second.takeOutOfService();
		assertThat(this.registry.choices(this.application, "payment-service", 4)).containsOnly(first.instanceId());
	}

	@Test
	void fakeThatStopsHeartbeatingShouldLeaveTheApplicationsViewWhenTheClockPassesItsLease() {
		FakeInstance silent = this.registry.registerFake("payment-service");
		FakeInstance live = this.registry.registerFake("payment-service");
		assertThat(this.registry.choices(this.application, "payment-service", 2)).hasSize(2);
		silent.stopHeartbeats();
		this.registry.advance(Duration.ofSeconds(16));
		assertThat(this.registry.choices(this.application, "payment-service", 4)).containsOnly(live.instanceId());
		live.crash();
		this.registry.advance(Duration.ofSeconds(16));
		assertThat(this.registry.choose(this.application, "payment-service")).isNull();
	}

	@Test
	void heartbeatEventsShouldBePublishedWhenTheViewChanges() {
		this.registry.registerFake("payment-service");
		this.registry.choose(this.application, "payment-service");
		AtomicInteger events = new AtomicInteger();
		this.application.addApplicationListener((event) -> {
			if (event instanceof HeartbeatEvent) {
				events.incrementAndGet();
			}
		});
		this.registry.registerFake("payment-service");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events).hasPositiveValue());
	}

	@Test
	void applicationShouldSeeNothingOfTheServer() {
		ClassLoader classLoader = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("dev.discovery.server.DiscoveryServerApplication", classLoader)).isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.security.core.Authentication", classLoader)).isFalse();
		assertThat(this.application.getEnvironment().getProperty("spring.application.name")).isEqualTo("order-app");
		assertThat(RestClient.create("http://127.0.0.1:" + this.port).get().uri("/health/ready").retrieve()
			.toBodilessEntity().getStatusCode().value()).isEqualTo(200);
	}

}
