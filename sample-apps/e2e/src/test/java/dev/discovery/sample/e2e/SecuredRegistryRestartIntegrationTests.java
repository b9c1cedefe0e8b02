package dev.discovery.sample.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same on a registry that requires bearer tokens: blocking queries and delivery confirmation answer a read
 * token after their wait, a stopping instance's drain ends once the registry confirms delivery, and a
 * {@code kill -9} and restart of the registry under a continuous call stream fails no call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredRegistryRestartIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	private static final String READ = "Bearer read-secret";

	private static AppProcess registry;

	private static AppProcess payment2;

	private static AppProcess order;

	@BeforeAll
	static void startAll() {
		registry = processes.start(registry("registry"));
		List<AppProcess> apps = processes.start(payment("payment-1"), payment("payment-2"),
				RegistryRestartIntegrationTests.order(registry).property("discovery.registry.token", "order-secret"));
		payment2 = apps.get(1);
		order = apps.get(2);
	}

	private static ProcessSpec registry(String name) {
		return ProcessSpec.registry(name)
			.property("discovery.server.security.require-auth", "true")
			.property("discovery.server.security.tokens[0].name", "payments")
			.property("discovery.server.security.tokens[0].value", "pay-secret")
			.property("discovery.server.security.tokens[0].roles", "register,read")
			.property("discovery.server.security.tokens[0].services", "payment-service")
			.property("discovery.server.security.tokens[1].name", "orders")
			.property("discovery.server.security.tokens[1].value", "order-secret")
			.property("discovery.server.security.tokens[1].roles", "register,read")
			.property("discovery.server.security.tokens[1].services", "order-service")
			.property("discovery.server.security.tokens[2].name", "dashboard")
			.property("discovery.server.security.tokens[2].value", "read-secret")
			.property("discovery.server.security.tokens[2].roles", "read");
	}

	private static ProcessSpec payment(String instanceId) {
		return RegistryRestartIntegrationTests.payment(instanceId, registry)
			.property("discovery.registry.token", "pay-secret")
			.property("discovery.shutdown.drain-timeout", "4s");
	}

	@Test
	@Order(1)
	void blockingQueryAndDeliveryConfirmationShouldAnswerAReadTokenAfterTheirWait() throws Exception {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Samples.servedBy(order, 10)).hasSize(2));
		HttpResponse<String> now = Http.send(read("/api/v1/services/payment-service/instances"));
		long index = Long.parseLong(now.headers().firstValue("X-Discovery-Index").orElseThrow());
		HttpResponse<String> waited = Http.send(read("/api/v1/services/payment-service/instances?index=" + index
				+ "&wait=500ms"));
		assertThat(waited.statusCode()).isEqualTo(200);
		assertThat(waited.body()).contains("payment-1", "payment-2");
		HttpResponse<String> delivered = Http.send(read("/api/v1/watch/delivered?wait=5s"));
		assertThat(delivered.statusCode()).isEqualTo(200);
		assertThat(delivered.body()).contains("\"delivered\":true");
	}

	@Test
	@Order(2)
	void stoppingInstanceShouldDrainOnlyUntilTheRegistryConfirmsDelivery() throws Exception {
		CompletableFuture<HttpResponse<String>> parked = CompletableFuture.supplyAsync(() -> Http.send(read(
				"/api/v1/services/payment-service/instances?index=" + currentIndex() + "&wait=30s")));
		CallStream calls = CallStream.start(order, "/orders/1");
		calls.awaitMore(20);
		Duration stop = payment2.stop();
		calls.awaitMore(20);
		assertThat(calls.stop()).as("calls while payment-2 stopped").containsOnly(200);
		assertThat(stop).as("a stop whose deregistration the registry confirmed").isLessThan(Duration.ofSeconds(4));
		HttpResponse<String> changed = parked.get(30, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(changed.statusCode()).as("blocking query woken by the deregistration").isEqualTo(200);
		assertThat(changed.body()).doesNotContain("payment-2");
		payment2 = processes.start(payment("payment-2"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Samples.servedBy(order, 10)).hasSize(2));
	}

	@Test
	@Order(3)
	void registryKilledAndRestartedShouldFailNoCall() throws Exception {
		CallStream calls = CallStream.start(order, "/orders/1");
		calls.awaitMore(20);
		int port = registry.port();
		registry.kill();
		calls.awaitMore(20);
		registry = processes.start(registry("registry-restarted").port(port));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Http.send(
				read("/api/v1/services/payment-service/instances")).body()).contains("payment-1", "payment-2"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> WatchIntegrationTests.metric(order, "discovery.client.watch.connected") == 1);
		calls.awaitMore(20);
		assertThat(calls.stop()).as("calls while the secured registry was killed and restarted")
			.hasSizeGreaterThan(60)
			.containsOnly(200);
	}

	private static long currentIndex() {
		return Long.parseLong(Http.send(read("/api/v1/services")).headers().firstValue("X-Discovery-Index")
			.orElseThrow());
	}

	private static HttpRequest read(String path) {
		return HttpRequest.newBuilder(registry.uri(path)).header("Authorization", READ).build();
	}

}
