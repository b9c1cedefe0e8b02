package dev.discovery.sample.e2e;

import java.net.http.HttpRequest;
import java.time.Duration;
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
 * An unchanged Spring Cloud Netflix Eureka client (inventory-service, on {@code spring-cloud-starter-netflix-eureka-
 * client} of the project's Spring Cloud train) against the registry's Eureka API, next to apps on the starter: it
 * registers, renews, calls payment-service by name, is called by order-service by name, fetches deltas that
 * reconcile, registers again by itself after the registry restarts empty, and deregisters when it stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EurekaClientIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	private static AppProcess registry;

	private static AppProcess payment;

	private static AppProcess order;

	private static AppProcess inventory;

	@BeforeAll
	static void startAll() {
		registry = processes.start(ProcessSpec.registry("registry"));
		List<AppProcess> apps = processes.start(ProcessSpec.app(Jar.PAYMENT_SERVICE, "payment-1", registry)
			.property("discovery.shutdown.drain-timeout", "200ms"),
				ProcessSpec.app(Jar.ORDER_SERVICE, "order-1", registry)
					.property("spring.cloud.loadbalancer.cache.enabled", "false"),
				inventory(registry).launchOnly());
		payment = apps.get(0);
		order = apps.get(1);
		inventory = apps.get(2);
		await().atMost(Processes.STARTUP).untilAsserted(() -> {
			assertThat(inventory.status("/actuator/health")).isEqualTo(200);
			assertThat(Samples.passing(registry, "inventory-service")).hasSize(1);
		});
	}

	/**
	 * The sample as shipped, pointed at the registry by {@code defaultZone} alone; the rest only makes the test quick
	 * (Eureka's defaults renew every 30 s and fetch every 30 s) and keeps it on 127.0.0.1.
	 */
	private static ProcessSpec inventory(AppProcess registry) {
		return ProcessSpec.app(Jar.INVENTORY_SERVICE, "inventory-1", registry)
			.property("eureka.client.service-url.defaultZone", registry.baseUrl() + "/eureka/")
			.property("eureka.instance.hostname", "127.0.0.1")
			.property("eureka.instance.lease-renewal-interval-in-seconds", "1")
			.property("eureka.instance.lease-expiration-duration-in-seconds", "10")
			.property("eureka.client.registry-fetch-interval-seconds", "1")
			.property("spring.cloud.loadbalancer.cache.enabled", "false");
	}

	@Test
	@Order(1)
	void eurekaClientShouldRegisterWithItsAddressAndLease() {
		JsonNode instance = Http.json(registry.uri("/api/v1/services/inventory-service/instances")).get(0);
		assertThat(instance.get("host").asString()).isEqualTo("127.0.0.1");
		assertThat(instance.get("port").asInt()).isEqualTo(inventory.port());
		assertThat(instance.get("leaseTtl").asString()).isEqualTo("10s");
		// Spring Cloud's instance id, host:app:port, is not a DNS label: the registry keeps it in metadata.
		assertThat(instance.get("metadata").get("eureka.instanceId").asString())
			.endsWith(":inventory-service:" + inventory.port());
		assertThat(instance.get("instanceId").asString()).matches("[a-z0-9-]+-inventory-service-" + inventory.port()
				+ "-[0-9a-f]{8}");
		JsonNode eureka = eurekaApps().get("applications");
		assertThat(eureka.get("apps__hashcode").asString()).isEqualTo("UP_3_");
	}

	@Test
	@Order(2)
	void eurekaClientShouldRenewItsLease() {
		String first = lastHeartbeat();
		await().atMost(Duration.ofSeconds(30)).until(() -> !lastHeartbeat().equals(first));
	}

	@Test
	@Order(3)
	void eurekaClientShouldCallAStarterServiceByName() {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Samples.known(inventory, "payment-service")).containsExactly("payment-1"));
		JsonNode paid = Http.json(inventory.uri("/stock/5/payment"));
		assertThat(paid.get("payment").get("servedBy").asString()).isEqualTo("payment-1");
		assertThat(paid.get("stock").get("servedBy").asString()).endsWith(":inventory-service:" + inventory.port());
	}

	@Test
	@Order(4)
	void starterAppShouldCallTheEurekaClientByName() {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Samples.known(order, "inventory-service")).hasSize(1));
		JsonNode stock = Http.json(order.uri("/orders/9/stock"));
		assertThat(stock.get("item").asString()).isEqualTo("9");
		assertThat(stock.get("servedBy").asString()).endsWith(":inventory-service:" + inventory.port());
	}

	/** Changes reach the Eureka client by deltas whose hash code matches: it does not fall back to full fetches. */
	@Test
	@Order(5)
	void deltasShouldReconcileWithoutFullFetches() {
		double full = Samples.eurekaFetches(registry, "full");
		double delta = Samples.eurekaFetches(registry, "delta");
		Samples.registerTtl(registry, "payment-service", "payment-9", 9);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Samples.known(inventory,
				"payment-service")).containsExactlyInAnyOrder("payment-1", "payment-9"));
		Http.send(HttpRequest.newBuilder(registry.uri("/api/v1/services/payment-service/instances/payment-9"))
			.DELETE()
			.build());
		await().atMost(Duration.ofSeconds(60)).untilAsserted(
				() -> assertThat(Samples.known(inventory, "payment-service")).containsExactly("payment-1"));
		await().atMost(Duration.ofSeconds(60)).until(() -> Samples.eurekaFetches(registry, "delta") >= delta + 5);
		assertThat(Samples.eurekaFetches(registry, "full")).isEqualTo(full);
	}

	@Test
	@Order(6)
	void eurekaClientShouldRegisterAgainAfterTheRegistryRestartsEmpty() {
		registry.kill();
		registry = processes.start(ProcessSpec.registry("registry-restarted").port(registry.port()));
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			assertThat(Samples.passing(registry, "inventory-service")).hasSize(1);
			assertThat(Samples.passing(registry, "payment-service")).containsExactly("payment-1");
		});
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
				Http.json(inventory.uri("/stock/6/payment")).get("payment").get("servedBy").asString())
			.isEqualTo("payment-1"));
	}

	@Test
	@Order(7)
	void eurekaClientShouldDeregisterWhenItStops() {
		inventory.stop();
		assertThat(Http.json(registry.uri("/api/v1/services/inventory-service/instances?passing=false"))).isEmpty();
	}

	private static JsonNode eurekaApps() {
		return Http.parse(Http.send(HttpRequest.newBuilder(registry.uri("/eureka/apps"))
			.header("Accept", "application/json")
			.build()).body());
	}

	private static String lastHeartbeat() {
		return Http.json(registry.uri("/api/v1/services/inventory-service/instances?view=full")).get(0).get("lastHeartbeat")
			.asString();
	}

}
