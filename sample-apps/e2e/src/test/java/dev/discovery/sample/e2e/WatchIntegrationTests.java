package dev.discovery.sample.e2e;

import java.time.Duration;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service's view of payment-service is pushed by the registry's watch stream: a rolling restart of
 * payment-service fails no call and each stop ends once the registry confirms delivery; a new instance gets calls
 * within moments although LoadBalancer's 35 s instance cache is on; and calls keep succeeding on the last known view
 * when the registry goes away. The tests run in order on one set of processes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatchIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	private static final String DRAIN = "4s";

	private static AppProcess registry;

	private static AppProcess order;

	private static AppProcess payment1;

	private static AppProcess payment2;

	@BeforeAll
	static void startAll() {
		registry = processes.start(ProcessSpec.registry("registry"));
		List<AppProcess> apps = processes.start(payment("payment-1"), payment("payment-2"),
				ProcessSpec.app(Jar.ORDER_SERVICE, "order-1", registry)
					.property("management.endpoint.health.show-components", "always"));
		payment1 = apps.get(0);
		payment2 = apps.get(1);
		order = apps.get(2);
	}

	private static ProcessSpec payment(String instanceId) {
		return ProcessSpec.app(Jar.PAYMENT_SERVICE, instanceId, registry)
			.property("discovery.shutdown.drain-timeout", DRAIN);
	}

	@Test
	@Order(1)
	void rollingRestartShouldFailNoCallAndEachStopShouldEndOnceTheRegistryConfirmsDelivery() throws Exception {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Samples.servedBy(order, 10)).hasSize(2));
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		AtomicBoolean calling = new AtomicBoolean(true);
		Thread caller = new Thread(() -> {
			while (calling.get()) {
				statuses.add(Http.status(order.uri("/orders/2")));
			}
		});
		caller.start();
		Duration firstStop = payment1.stop();
		payment1 = processes.start(payment("payment-1"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Samples.servedBy(order, 10)).hasSize(2));
		Duration secondStop = payment2.stop();
		calling.set(false);
		caller.join(10_000);
		assertThat(statuses).as("calls during a rolling restart").hasSizeGreaterThan(20).containsOnly(200);
		// A stop is the JVM's whole exit here, not only the context's close.
		assertThat(firstStop).as("stop with delivery confirmed").isLessThan(Duration.ofSeconds(4));
		assertThat(secondStop).as("stop with delivery confirmed").isLessThan(Duration.ofSeconds(4));
	}

	@Test
	@Order(2)
	void pushedViewShouldBringNewInstancesAtOnceAndOutliveTheRegistry() {
		await().untilAsserted(() -> assertThat(Samples.known(order, "payment-service")).containsExactly("payment-1"));
		await().atMost(Duration.ofSeconds(5)).until(() -> metric(order, "discovery.client.watch.connected") == 1);
		assertThat(watchHealth()).isEqualTo("UP");
		assertThat(Samples.servedBy(order, "/orders/1")).isEqualTo(payment1.name());
		double indexBefore = metric(order, "discovery.client.watch.index");

		payment2 = processes.start(payment("payment-2"));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Samples.servedBy(order, 10)).hasSize(2));
		assertThat(metric(order, "discovery.client.watch.index")).as("index of the pushed view")
			.isGreaterThan(indexBefore);

		registry.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> metric(order, "discovery.client.watch.connected") == 0);
		assertThat(Samples.known(order, "payment-service")).hasSize(2);
		assertThat(Samples.servedBy(order, 10)).as("calls with the registry gone").hasSize(2);
		assertThat(watchHealth()).isEqualTo("UNKNOWN");
	}

	private static String watchHealth() {
		return Http.json(order.uri("/actuator/health/discoveryWatch")).get("status").asString();
	}

	static double metric(AppProcess app, String name) {
		return Http.json(app.uri("/actuator/metrics/" + name)).get("measurements").get(0).get("value").asDouble();
	}

}
