package dev.discovery.sample.e2e;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.Jar;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry, two payment-service instances, order-service and the gateway, each from its jar in its own JVM on
 * 127.0.0.1 and a random port. order-service calls payment-service by name (client-side discovery); a client that
 * knows only the gateway reaches every instance (server-side discovery); and both stop reaching an instance that
 * shuts down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleAppsIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	private static AppProcess payment1;

	private static AppProcess payment2;

	private static AppProcess order;

	private static AppProcess gateway;

	@BeforeAll
	static void startAll() {
		AppProcess registry = processes.start(ProcessSpec.registry("registry"));
		// Keep the drain short: nothing caches the registry's view in this test.
		List<AppProcess> apps = processes.start(
				ProcessSpec.app(Jar.PAYMENT_SERVICE, "payment-1", registry)
					.property("discovery.shutdown.drain-timeout", "200ms"),
				ProcessSpec.app(Jar.PAYMENT_SERVICE, "payment-2", registry)
					.property("discovery.shutdown.drain-timeout", "200ms"),
				// LoadBalancer caches instance lists for 35 s by default; without the cache every call sees the
				// registry's current view, so the graceful-stop test observes deregistration, not the cache's age.
				ProcessSpec.app(Jar.ORDER_SERVICE, "order-1", registry)
					.property("spring.cloud.loadbalancer.cache.enabled", "false"),
				ProcessSpec.app(Jar.GATEWAY, "gateway-1", registry)
					.property("spring.cloud.loadbalancer.cache.enabled", "false"));
		payment1 = apps.get(0);
		payment2 = apps.get(1);
		order = apps.get(2);
		gateway = apps.get(3);
		await().untilAsserted(() -> {
			assertThat(Samples.known(order, "payment-service")).hasSize(2);
			assertThat(Samples.passing(registry, "order-service")).containsExactly(order.name());
			assertThat(Samples.passing(registry, "gateway")).containsExactly(gateway.name());
		});
	}

	@ParameterizedTest
	@Order(1)
	@ValueSource(strings = { "", "/rest-client", "/web-client" })
	void callsByNameShouldReachBothPaymentInstancesInTurn(String client) {
		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			JsonNode order = Http.json(SampleAppsIntegrationTests.order.uri("/orders/42" + client));
			assertThat(order.get("payment").get("paymentId").asString()).isEqualTo("42");
			servedBy.add(order.get("payment").get("servedBy").asString());
		}
		assertThat(servedBy).containsOnly(payment1.name(), payment2.name());
		for (int i = 1; i < servedBy.size(); i++) {
			assertThat(servedBy.get(i)).isNotEqualTo(servedBy.get(i - 1));
		}
	}

	@Test
	@Order(2)
	void healthEndpointsShouldAnswerOnEachApp() {
		for (AppProcess app : List.of(payment1, payment2, order)) {
			assertThat(Http.get(app.uri("/health/ready")).statusCode()).isEqualTo(200);
			assertThat(Http.get(app.uri("/health/live")).statusCode()).isEqualTo(200);
			assertThat(Http.json(app.uri("/health/ready")).get("status").asString()).isEqualTo("UP");
		}
	}

	@Test
	@Order(3)
	void gatewayShouldReachEveryPaymentInstance() {
		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = Http.get(gateway.uri("/payments/42"));
			assertThat(response.statusCode()).isEqualTo(200);
			servedBy.add(Http.parse(response.body()).get("servedBy").asString());
		}
		assertThat(servedBy).containsOnly(payment1.name(), payment2.name()).contains(payment1.name(), payment2.name());
	}

	@Test
	@Order(4)
	void gatewayShouldRouteToOrderServiceWhichCallsPaymentByName() {
		HttpResponse<String> response = Http.get(gateway.uri("/orders/7"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.parse(response.body()).get("payment").get("paymentId").asString()).isEqualTo("7");
	}

	@Test
	@Order(5)
	void gracefullyStoppedInstanceShouldStopReceivingCallsByNameAndThroughTheGateway() throws Exception {
		AtomicBoolean stopping = new AtomicBoolean(true);
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		Thread caller = new Thread(() -> {
			for (int i = 0; i < 2000 && stopping.get(); i++) {
				statuses.add(Http.status(order.uri("/orders/" + i)));
			}
		});
		caller.start();
		await().until(() -> statuses.size() >= 5);
		payment2.stop();
		stopping.set(false);
		caller.join(10_000);
		assertThat(statuses).as("calls while an instance stops gracefully").isNotEmpty().containsOnly(200);
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> response = Http.get(order.uri("/orders/7"));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(Http.parse(response.body()).get("payment").get("servedBy").asString())
				.isEqualTo(payment1.name())
				.isNotEqualTo(payment2.name());
			response = Http.get(gateway.uri("/payments/7"));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(Http.parse(response.body()).get("servedBy").asString()).isEqualTo(payment1.name())
				.isNotEqualTo(payment2.name());
		}
	}

}
