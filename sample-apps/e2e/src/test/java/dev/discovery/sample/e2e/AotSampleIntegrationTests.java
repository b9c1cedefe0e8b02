package dev.discovery.sample.e2e;

import java.util.List;

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
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The samples as Spring Boot's AOT processing built them ({@code process-aot} runs in their builds), started with
 * {@code -Dspring.aot.enabled=true}: the starter's generated bean definitions and hints carry registration, the
 * registry's health check, calls by name through the watch-fed view and LoadBalancer, the gateway's routes, and
 * deregistration on a graceful stop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AotSampleIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	private static AppProcess registry;

	private static AppProcess payment;

	private static AppProcess order;

	private static AppProcess gateway;

	@BeforeAll
	static void startAll() {
		registry = processes.start(ProcessSpec.registry("registry"));
		List<AppProcess> apps = processes.start(
				aot(ProcessSpec.app(Jar.PAYMENT_SERVICE, "payment-aot", registry)
					.property("discovery.shutdown.drain-timeout", "200ms")),
				aot(ProcessSpec.app(Jar.ORDER_SERVICE, "order-aot", registry)),
				aot(ProcessSpec.app(Jar.GATEWAY, "gateway-aot", registry)));
		payment = apps.get(0);
		order = apps.get(1);
		gateway = apps.get(2);
	}

	private static ProcessSpec aot(ProcessSpec spec) {
		return spec.jvmOption("-Dspring.aot.enabled=true");
	}

	@Test
	@Order(1)
	void theAppsShouldRunFromTheirAheadOfTimeProcessedContexts() {
		// Boot says so only when it found and used the generated initializer; without it, startup fails.
		assertThat(payment.output()).contains("Starting AOT-processed PaymentServiceApplication");
		assertThat(order.output()).contains("Starting AOT-processed OrderServiceApplication");
		assertThat(gateway.output()).contains("Starting AOT-processed GatewayApplication");
	}

	@Test
	@Order(2)
	void itShouldRegisterWithItsRealPortAndPassTheRegistrysHealthCheck() {
		await().atMost(Processes.STARTUP)
			.untilAsserted(() -> assertThat(Samples.passing(registry, "payment-service")).containsExactly("payment-aot"));
		JsonNode instance = Http.json(registry.uri("/api/v1/services/payment-service/instances")).get(0);
		assertThat(instance.get("port").asInt()).isEqualTo(payment.port());
		assertThat(instance.get("metadata").get("version").asString()).isEqualTo("1.0.0");
		// A compact list leaves out what holds its documented default: no status means UP.
		assertThat(instance.has("status")).isFalse();
	}

	@Test
	@Order(3)
	void itShouldServeItsEndpointAndTheHealthEndpoints() {
		JsonNode paid = Http.json(payment.uri("/payments/42"));
		assertThat(paid.get("paymentId").asString()).isEqualTo("42");
		assertThat(paid.get("servedBy").asString()).isEqualTo("payment-aot");
		for (String path : List.of("/health", "/health/ready", "/health/live", "/actuator/health")) {
			assertThat(payment.status(path)).as(path).isEqualTo(200);
		}
		// ServiceRegistry#getStatus asks the registry: the registry client works under AOT too.
		assertThat(Http.get(payment.uri("/actuator/serviceregistry")).body()).isEqualTo("UP");
	}

	@Test
	@Order(4)
	void orderServiceShouldCallPaymentByNameAndTheGatewayRouteToIt() {
		await().atMost(Processes.STARTUP)
			.untilAsserted(() -> assertThat(Samples.known(order, "payment-service")).containsExactly("payment-aot"));
		JsonNode placed = Http.json(order.uri("/orders/42"));
		assertThat(placed.get("payment").get("servedBy").asString()).isEqualTo("payment-aot");
		await().atMost(Processes.STARTUP)
			.untilAsserted(() -> assertThat(Http.get(gateway.uri("/payments/7")).statusCode()).isEqualTo(200));
		assertThat(Http.json(gateway.uri("/payments/7")).get("servedBy").asString()).isEqualTo("payment-aot");
	}

	@Test
	@Order(5)
	void aGracefulStopShouldDeregister() {
		payment.stop();
		assertThat(Samples.passing(registry, "payment-service")).isEmpty();
	}

}
