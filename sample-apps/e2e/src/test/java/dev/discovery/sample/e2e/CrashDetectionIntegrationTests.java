package dev.discovery.sample.e2e;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Jar;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash detection with the real sample apps: two payment-service instances run in their own JVMs, one is killed
 * with SIGKILL (no deregistration, no goodbye), and order-service stops calling it once the registry's health
 * checks have failed it: within interval × failure threshold.
 */
class CrashDetectionIntegrationTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	@RegisterExtension
	static final Processes processes = new Processes();

	@Test
	void killedPaymentInstanceShouldStopGettingCallsWithinIntervalTimesThreshold() {
		AppProcess registry = processes.start(ProcessSpec.registry("registry"));
		List<AppProcess> apps = processes.start(payment(registry, "payment-a"), payment(registry, "payment-b"),
				ProcessSpec.app(Jar.ORDER_SERVICE, "order-1", registry));
		AppProcess doomed = apps.get(0);
		AppProcess order = apps.get(2);
		Set<String> servedBy = new HashSet<>();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			// Calls fail until both payment instances have registered.
			servedBy.add(servedByOrNull(order, "/orders/1"));
			return servedBy.containsAll(Set.of("payment-a", "payment-b"));
		});

		long killedAt = System.nanoTime();
		doomed.kill();
		// Detected once ten calls in a row all reach the survivor; calls in between may fail or hit the survivor.
		int[] inARow = new int[1];
		await().atMost(INTERVAL.multipliedBy(3).plusSeconds(6)).pollInterval(Duration.ofMillis(20)).until(() -> {
			inARow[0] = "payment-b".equals(servedByOrNull(order, "/orders/2")) ? inARow[0] + 1 : 0;
			return inARow[0] >= 10;
		});
		System.out.println("Crash detection: order-service stopped calling payment-a "
				+ (System.nanoTime() - killedAt) / 1_000_000 + " ms after SIGKILL (" + INTERVAL.toSeconds()
				+ "s interval x 3 failures)");
		for (int i = 0; i < 20; i++) {
			assertThat(Samples.servedBy(order, "/orders/" + i)).isEqualTo("payment-b");
		}
	}

	private static ProcessSpec payment(AppProcess registry, String id) {
		return ProcessSpec.app(Jar.PAYMENT_SERVICE, id, registry)
			.property("discovery.health-check.interval", INTERVAL.toSeconds() + "s")
			.property("discovery.health-check.timeout", "500ms");
	}

	private static String servedByOrNull(AppProcess order, String path) {
		try {
			return Samples.servedBy(order, path);
		}
		catch (RuntimeException | AssertionError ex) {
			return null;
		}
	}

}
