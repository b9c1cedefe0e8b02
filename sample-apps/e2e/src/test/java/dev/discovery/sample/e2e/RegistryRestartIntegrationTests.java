package dev.discovery.sample.e2e;

import java.time.Duration;
import java.util.List;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.Jar;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry is killed with {@code kill -9} and restarted on the same port, empty (no snapshot), while
 * order-service calls payment-service without pause: the restarted registry is a new epoch, order-service takes its
 * snapshot without resuming in the old index space and keeps the payment instances it knew until they have
 * registered again, so no call fails.
 */
class RegistryRestartIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	private static AppProcess registry;

	private static AppProcess order;

	@BeforeAll
	static void startAll() {
		registry = processes.start(ProcessSpec.registry("registry"));
		List<AppProcess> apps = processes.start(payment("payment-1", registry), payment("payment-2", registry),
				order(registry));
		order = apps.get(2);
	}

	/**
	 * A payment instance with the default heartbeat interval: after the restart it registers again only at its next
	 * heartbeat, up to 5 s after the registry is back.
	 */
	static ProcessSpec payment(String instanceId, AppProcess registry) {
		return ProcessSpec.app(Jar.PAYMENT_SERVICE, instanceId, registry).property("discovery.heartbeat.interval", "5s");
	}

	/**
	 * order-service, whose watch reconnects within moments: it sees the restarted registry's snapshot before the
	 * payment instances have registered there again.
	 */
	static ProcessSpec order(AppProcess registry) {
		return ProcessSpec.app(Jar.ORDER_SERVICE, "order-1", registry)
			.property("discovery.watch.reconnect-delay", "100ms")
			.property("discovery.watch.max-reconnect-delay", "300ms");
	}

	@Test
	void registryKilledAndRestartedShouldFailNoCall() throws Exception {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Samples.servedBy(order, 10)).hasSize(2));
		String epoch = epoch(registry);
		CallStream calls = CallStream.start(order, "/orders/1");
		calls.awaitMore(20);
		int port = registry.port();
		registry.kill();
		calls.awaitMore(20);
		registry = processes.start(ProcessSpec.registry("registry-restarted").port(port));
		assertThat(epoch(registry)).as("a restarted in-memory registry is a new epoch").isNotEqualTo(epoch);
		// The instances heartbeat, hear 404 and register again; order-service's watch is back on the registry.
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Samples.passing(registry,
				"payment-service")).containsExactlyInAnyOrder("payment-1", "payment-2"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> WatchIntegrationTests.metric(order, "discovery.client.watch.connected") == 1);
		calls.awaitMore(20);
		List<Integer> statuses = calls.stop();
		assertThat(statuses).as("calls while the registry was killed and restarted").hasSizeGreaterThan(60)
			.containsOnly(200);
		assertThat(Samples.known(order, "payment-service")).containsExactlyInAnyOrder("payment-1", "payment-2");
	}

	static String epoch(AppProcess registry) {
		return Http.get(registry.uri("/api/v1/services")).headers().firstValue("X-Discovery-Epoch").orElseThrow();
	}

}
