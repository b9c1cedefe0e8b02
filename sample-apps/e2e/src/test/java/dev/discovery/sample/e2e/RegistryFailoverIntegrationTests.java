package dev.discovery.sample.e2e;

import java.time.Duration;
import java.util.List;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every app knows two registry URLs of registries that share no state. The first is killed with {@code kill -9}
 * while order-service calls payment-service without pause: everyone fails over to the second, which has another
 * epoch and knows nobody yet; order-service neither resumes there with the first registry's index nor drops the
 * instances it knew before they have registered there, so no call fails.
 */
class RegistryFailoverIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	private static AppProcess first;

	private static AppProcess second;

	private static AppProcess order;

	@BeforeAll
	static void startAll() {
		first = processes.start(ProcessSpec.registry("registry-1"));
		second = processes.start(ProcessSpec.registry("registry-2"));
		// Two JVMs at a time rather than five: a loaded 2-core machine starts each within the harness's timeout.
		processes.start(bothUrls(RegistryRestartIntegrationTests.payment("payment-1", first)),
				bothUrls(RegistryRestartIntegrationTests.payment("payment-2", first)));
		order = processes.start(bothUrls(RegistryRestartIntegrationTests.order(first)));
	}

	private static ProcessSpec bothUrls(ProcessSpec app) {
		return app.property("discovery.registry.url", first.baseUrl() + "," + second.baseUrl())
			.property("discovery.registry.connect-timeout", "500ms");
	}

	@Test
	void failOverToARegistryWithoutSharedStateShouldFailNoCall() throws Exception {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Samples.servedBy(order, 10)).hasSize(2));
		assertThat(Samples.passing(second, "payment-service")).as("the second registry shares nothing").isEmpty();
		assertThat(RegistryRestartIntegrationTests.epoch(second))
			.isNotEqualTo(RegistryRestartIntegrationTests.epoch(first));
		CallStream calls = CallStream.start(order, "/orders/1");
		calls.awaitMore(20);
		first.kill();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Samples.passing(second,
				"payment-service")).containsExactlyInAnyOrder("payment-1", "payment-2"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> WatchIntegrationTests.metric(order, "discovery.client.watch.connected") == 1);
		calls.awaitMore(20);
		List<Integer> statuses = calls.stop();
		assertThat(statuses).as("calls while the apps failed over").hasSizeGreaterThan(40).containsOnly(200);
		assertThat(Samples.known(order, "payment-service")).containsExactlyInAnyOrder("payment-1", "payment-2");
	}

}
