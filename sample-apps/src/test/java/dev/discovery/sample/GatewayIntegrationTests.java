package dev.discovery.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.discovery.sample.gateway.GatewayApplication;
import dev.discovery.sample.order.OrderServiceApplication;
import dev.discovery.sample.payment.PaymentServiceApplication;
import dev.discovery.server.DiscoveryServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.discovery.sample.SampleAppsIntegrationTests.appArgs;
import static dev.discovery.sample.SampleAppsIntegrationTests.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server-side discovery: a client that knows only the gateway reaches every payment-service instance, and stops
 * reaching one that shuts down. The registry, two payment-service instances, an order-service and the gateway run
 * in this JVM on 127.0.0.1 and random ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ConfigurableApplicationContext server;

	private static ConfigurableApplicationContext payment1;

	private static ConfigurableApplicationContext payment2;

	private static ConfigurableApplicationContext order;

	private static ConfigurableApplicationContext gateway;

	@BeforeAll
	static void startAll() {
		server = new SpringApplicationBuilder(DiscoveryServerApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.jmx.enabled=false", "--discovery.server.snapshot.enabled=false",
				"--discovery.enabled=false", "--discovery.health-endpoints.enabled=false");
		String registry = "--discovery.registry.url=http://127.0.0.1:" + port(server);
		String drain = "--discovery.shutdown.drain-timeout=200ms";
		payment1 = PaymentServiceApplication.builder().run(appArgs(registry, drain));
		payment2 = PaymentServiceApplication.builder().run(appArgs(registry, drain));
		order = OrderServiceApplication.builder().run(appArgs(registry, "--spring.cloud.loadbalancer.cache.enabled=false"));
		// Without LoadBalancer's cache every routed request sees the registry's current view.
		gateway = GatewayApplication.builder().run(appArgs(registry, "--spring.cloud.loadbalancer.cache.enabled=false"));
		DiscoveryClient discovery = gateway.getBean(DiscoveryClient.class);
		await().untilAsserted(() -> {
			assertThat(discovery.getInstances("payment-service")).hasSize(2);
			assertThat(discovery.getInstances("order-service")).hasSize(1);
		});
	}

	@AfterAll
	static void stopAll() {
		Stream.of(gateway, order, payment2, payment1, server)
			.filter((c) -> c != null && c.isActive())
			.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	@Order(1)
	void gatewayShouldReachEveryPaymentInstance() {
		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = get(gateway, "/payments/42");
			assertThat(response.statusCode()).isEqualTo(200);
			servedBy.add(json.readTree(response.body()).get("servedBy").asString());
		}
		assertThat(servedBy).containsOnly(instanceId(payment1), instanceId(payment2))
			.contains(instanceId(payment1), instanceId(payment2));
	}

	@Test
	@Order(2)
	void gatewayShouldRouteToOrderServiceWhichCallsPaymentByName() {
		HttpResponse<String> response = get(gateway, "/orders/7");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("payment").get("paymentId").asString()).isEqualTo("7");
	}

	@Test
	@Order(3)
	void stoppedInstanceShouldStopReceivingRequestsThroughTheGateway() {
		String stopped = instanceId(payment2);
		payment2.close();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> response = get(gateway, "/payments/7");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json.readTree(response.body()).get("servedBy").asString()).isEqualTo(instanceId(payment1))
				.isNotEqualTo(stopped);
		}
	}

	private static String instanceId(ConfigurableApplicationContext app) {
		return app.getBean(Registration.class).getInstanceId();
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext app, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(app) + path)).build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
