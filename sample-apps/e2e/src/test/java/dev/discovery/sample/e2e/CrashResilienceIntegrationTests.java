package dev.discovery.sample.e2e;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.Jar;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash costs callers nothing, with default health checks (5 s × 3): two payment-service instances, order-service
 * calling them with all three client styles and the gateway routing to them, each in its own JVM under continuous
 * streams of calls. One instance is killed with SIGKILL: no GET fails (retried on the other instance), only POSTs
 * already sent to it may fail (counted), and it leaves the registry's passing view and order-service's view long
 * before the health checks alone would notice, because callers eject it and report it as suspect. Then it flaps:
 * restarted on its port, readmitted, killed again, twice, while order-service's view never drops to zero.
 */
class CrashResilienceIntegrationTests {

	private static final Duration PAUSE = Duration.ofMillis(10);

	/** Generous for a loaded machine: the target is about a second; health checks alone take 10-15 s. */
	private static final Duration OUT_OF_VIEW = Duration.ofSeconds(6);

	@RegisterExtension
	static final Processes processes = new Processes();

	@Test
	void killedInstanceShouldCostNoGetAndLeaveEveryViewWithinSeconds() throws InterruptedException {
		AppProcess registry = processes.start(ProcessSpec.registry("registry"));
		List<AppProcess> apps = processes.start(payment(registry, "payment-a", "payment-a"),
				payment(registry, "payment-b", "payment-b"), caller(Jar.ORDER_SERVICE, "order-1", registry),
				caller(Jar.GATEWAY, "gateway-1", registry));
		AppProcess doomed = apps.get(0);
		AppProcess order = apps.get(2);
		AppProcess gateway = apps.get(3);
		awaitServedByBoth(order, "/orders/1");
		awaitServedByBoth(gateway, "/payments/1");

		Map<String, CallStream> streams = new LinkedHashMap<>();
		streams.put("RestTemplate GET", CallStream.start(order, "GET", "/orders/1", PAUSE));
		streams.put("RestClient GET", CallStream.start(order, "GET", "/orders/1/rest-client", PAUSE));
		streams.put("WebClient GET", CallStream.start(order, "GET", "/orders/1/web-client", PAUSE));
		streams.put("gateway GET", CallStream.start(gateway, "GET", "/payments/1", PAUSE));
		streams.put("RestClient POST", CallStream.start(order, "POST", "/orders/1/payments", PAUSE));
		ViewWatch view = new ViewWatch(order);
		streams.values().forEach((stream) -> stream.awaitMore(20));

		long killedAt = System.nanoTime();
		doomed.kill();
		long[] gone = awaitGone(registry, order, "payment-a", killedAt);
		System.out.println("Crash resilience: payment-a left the registry's passing view " + gone[0]
				+ " ms and order-service's view " + gone[1] + " ms after SIGKILL (health checks 5s x 3)");
		streams.values().forEach((stream) -> stream.awaitMore(50));

		for (int flap = 1; flap <= 2; flap++) {
			AppProcess back = processes
				.start(payment(registry, "payment-a-" + (flap + 1), "payment-a").port(doomed.port()));
			long restartedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> "payment-a".equals(servedByOrNull(order, "/orders/2")));
			System.out.println("Crash resilience: flap " + flap + ": payment-a readmitted "
					+ (System.nanoTime() - restartedAt) / 1_000_000 + " ms after it was ready");
			streams.values().forEach((stream) -> stream.awaitMore(30));
			long killed = System.nanoTime();
			back.kill();
			long[] out = awaitGone(registry, order, "payment-a", killed);
			System.out.println("Crash resilience: flap " + flap + ": out of the passing view " + out[0]
					+ " ms and order-service's view " + out[1] + " ms after SIGKILL");
			streams.values().forEach((stream) -> stream.awaitMore(30));
		}

		int fewest = view.stop();
		Map<String, List<Integer>> statuses = new LinkedHashMap<>();
		for (Map.Entry<String, CallStream> stream : streams.entrySet()) {
			statuses.put(stream.getKey(), stream.getValue().stop());
		}
		statuses.forEach((name, all) -> System.out.println("Crash resilience: " + name + ": " + all.size()
				+ " calls, " + all.stream().filter((status) -> status != 200).count() + " failed"));
		statuses.forEach((name, all) -> {
			if (name.endsWith("GET")) {
				assertThat(all).as(name).isNotEmpty().containsOnly(200);
			}
		});
		// A POST may fail only if it was already sent to the instance when it died: at most one per kill, per stream.
		assertThat(statuses.get("RestClient POST").stream().filter((status) -> status != 200).count())
			.isLessThanOrEqualTo(3);
		assertThat(fewest).as("fewest payment-service instances in order-service's view").isGreaterThanOrEqualTo(1);
	}

	private static ProcessSpec payment(AppProcess registry, String name, String instanceId) {
		// Default health checks (5 s × 3): callers' suspect reports are what makes detection fast.
		return ProcessSpec.app(Jar.PAYMENT_SERVICE, name, registry)
			.property("discovery.instance.instance-id", instanceId);
	}

	private static ProcessSpec caller(Jar jar, String name, AppProcess registry) {
		// Short ejections, so the flapping instance is readmitted within the test's patience.
		return ProcessSpec.app(jar, name, registry).property("discovery.loadbalancer.ejection.base-time", "2s");
	}

	private static void awaitServedByBoth(AppProcess caller, String path) {
		Set<String> servedBy = new HashSet<>();
		await().atMost(Processes.STARTUP).until(() -> {
			servedBy.add(servedByOrNull(caller, path));
			return servedBy.containsAll(Set.of("payment-a", "payment-b"));
		});
	}

	/** Milliseconds from {@code since} until the instance left the registry's passing view, and order-service's. */
	private static long[] awaitGone(AppProcess registry, AppProcess order, String id, long since) {
		long[] gone = { -1, -1 };
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
			long now = (System.nanoTime() - since) / 1_000_000;
			if (gone[0] < 0 && !Samples.passing(registry, "payment-service").contains(id)) {
				gone[0] = now;
			}
			if (gone[1] < 0 && !Samples.known(order, "payment-service").contains(id)) {
				gone[1] = now;
			}
			return gone[0] >= 0 && gone[1] >= 0;
		});
		assertThat(Duration.ofMillis(gone[0])).as("out of the passing view").isLessThan(OUT_OF_VIEW);
		assertThat(Duration.ofMillis(gone[1])).as("out of order-service's view").isLessThan(OUT_OF_VIEW);
		return gone;
	}

	private static String servedByOrNull(AppProcess app, String path) {
		try {
			JsonNodes node = new JsonNodes(Http.json(app.uri(path)));
			return node.servedBy();
		}
		catch (RuntimeException | AssertionError ex) {
			return null;
		}
	}

	/** Reads {@code servedBy} from an order (nested payment) or a payment. */
	private record JsonNodes(tools.jackson.databind.JsonNode node) {

		String servedBy() {
			tools.jackson.databind.JsonNode payment = this.node.has("payment") ? this.node.get("payment") : this.node;
			return payment.get("servedBy").asString();
		}

	}

	/** Polls order-service's view of payment-service and remembers the fewest instances it ever listed. */
	private static final class ViewWatch {

		private final AtomicBoolean watching = new AtomicBoolean(true);

		private final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);

		private final Thread thread;

		ViewWatch(AppProcess order) {
			this.thread = new Thread(() -> {
				while (this.watching.get()) {
					try {
						int size = Samples.known(order, "payment-service").size();
						this.fewest.accumulateAndGet(size, Math::min);
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
					catch (RuntimeException ex) {
						// order-service busy: the next poll tells.
					}
				}
			}, "view-watch");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		int stop() throws InterruptedException {
			this.watching.set(false);
			this.thread.join(10_000);
			return this.fewest.get();
		}

	}

}
