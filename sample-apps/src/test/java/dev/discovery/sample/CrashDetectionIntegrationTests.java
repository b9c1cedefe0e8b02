package dev.discovery.sample;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.discovery.sample.order.OrderServiceApplication;
import dev.discovery.sample.payment.PaymentServiceApplication;
import dev.discovery.server.DiscoveryServerApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash detection with the real sample apps: two payment-service instances run in their own JVMs, one is killed
 * with SIGKILL (no deregistration, no goodbye), and order-service stops calling it once the registry's health
 * checks have failed it: within interval × failure threshold.
 */
class CrashDetectionIntegrationTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path logs;

	private final List<AutoCloseable> running = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (int i = this.running.size() - 1; i >= 0; i--) {
			this.running.get(i).close();
		}
	}

	@Test
	void killedPaymentInstanceShouldStopGettingCallsWithinIntervalTimesThreshold() throws Exception {
		ConfigurableApplicationContext server = new SpringApplicationBuilder(DiscoveryServerApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
				"--discovery.server.snapshot.enabled=false", "--discovery.enabled=false",
				"--discovery.health-endpoints.enabled=false");
		this.running.add(server::close);
		String registry = "--discovery.registry.url=http://127.0.0.1:" + SampleAppsIntegrationTests.port(server);
		Process doomed = payment(registry, "payment-a");
		payment(registry, "payment-b");
		ConfigurableApplicationContext order = OrderServiceApplication.builder()
			.run(SampleAppsIntegrationTests.appArgs(registry));
		this.running.add(order::close);
		String orders = "http://127.0.0.1:" + SampleAppsIntegrationTests.port(order) + "/orders/";
		Set<String> servedBy = new HashSet<>();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			// Calls fail until the payment processes have started and registered.
			servedBy.add(servedByOrNull(orders + "1"));
			return servedBy.containsAll(Set.of("payment-a", "payment-b"));
		});

		long killedAt = System.nanoTime();
		doomed.destroyForcibly().waitFor();
		// Detected once ten calls in a row all reach the survivor; calls in between may fail or hit the survivor.
		int[] inARow = new int[1];
		await().atMost(INTERVAL.multipliedBy(3).plusSeconds(6)).pollInterval(Duration.ofMillis(20)).until(() -> {
			inARow[0] = "payment-b".equals(servedByOrNull(orders + "2")) ? inARow[0] + 1 : 0;
			return inARow[0] >= 10;
		});
		System.out.println("Crash detection: order-service stopped calling payment-a "
				+ (System.nanoTime() - killedAt) / 1_000_000 + " ms after SIGKILL (" + INTERVAL.toSeconds()
				+ "s interval x 3 failures)");
		for (int i = 0; i < 20; i++) {
			assertThat(servedBy(orders + i)).isEqualTo("payment-b");
		}
	}

	private Process payment(String registry, String id) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx160m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				PaymentServiceApplication.class.getName()));
		command.addAll(List.of(SampleAppsIntegrationTests.appArgs(registry, "--discovery.instance.instance-id=" + id,
				"--discovery.health-check.interval=" + INTERVAL.toSeconds() + "s",
				"--discovery.health-check.timeout=500ms", "--logging.level.root=WARN")));
		File log = this.logs.resolve(id + ".log").toFile();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		this.running.add(process::destroyForcibly);
		return process;
	}

	private static String servedBy(String url) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).get("payment").get("servedBy").asString();
	}

	private static String servedByOrNull(String url) {
		try {
			return servedBy(url);
		}
		catch (Exception | AssertionError ex) {
			return null;
		}
	}

}
