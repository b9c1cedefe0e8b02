package dev.discovery.server.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import dev.discovery.protocol.InstanceView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash detection end to end: two instances run in their own JVMs, one is killed with SIGKILL, and a consumer that
 * routes by the registry's passing view stops calling it within interval × failure threshold.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "server.address=127.0.0.1" })
class CrashDetectionIntegrationTests {

	/** 1 s keeps the test short; {@code -Dcrash.interval.seconds=5} measures the default interval (timeout 2 s then). */
	private static final Duration INTERVAL = Duration.ofSeconds(Long.getLong("crash.interval.seconds", 1));

	private static final String CHECK = "{\"type\":\"HTTP\",\"path\":\"/health/ready\",\"interval\":\""
			+ INTERVAL.toSeconds() + "s\",\"timeout\":\"" + Math.min(2000, INTERVAL.toMillis() / 2)
			+ "ms\",\"failureThreshold\":3}";

	@LocalServerPort
	int port;

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void tearDown() {
		this.processes.forEach(Process::destroyForcibly);
	}

	@Test
	void killedInstanceShouldLeaveThePassingViewWithinIntervalTimesThreshold() throws Exception {
		RestClient registry = RestClient.create("http://127.0.0.1:" + this.port);
		Process doomed = start("orders-1");
		start("orders-2");
		await().atMost(Duration.ofSeconds(10)).until(() -> passing(registry).size() == 2);
		// Let the registry check both at least once, so the kill interrupts steady state.
		await().atMost(INTERVAL.multipliedBy(2).plusSeconds(3))
			.until(() -> passing(registry).stream().allMatch((i) -> i.lastCheckAt() != null));
		long killedAt = System.nanoTime();
		doomed.destroyForcibly().waitFor();
		await().atMost(INTERVAL.multipliedBy(3).plusSeconds(5)).pollInterval(Duration.ofMillis(50))
			.until(() -> passing(registry).stream().noneMatch((i) -> i.instanceId().equals("orders-1")));
		long detectedMillis = (System.nanoTime() - killedAt) / 1_000_000;
		System.out.println("Crash detection: orders-1 left the passing view " + detectedMillis + " ms after SIGKILL ("
				+ INTERVAL.toSeconds() + "s interval x 3 failures)");
		List<InstanceView> view = passing(registry);
		assertThat(view).extracting(InstanceView::instanceId).containsExactly("orders-2");
		assertThat(registry.get().uri("/api/v1/services/orders/instances?passing=false&view=full").retrieve()
			.body(new ParameterizedTypeReference<List<InstanceView>>() {
			})).filteredOn((i) -> i.instanceId().equals("orders-1")).singleElement()
			.satisfies((i) -> assertThat(i.healthOutput()).contains("/health/ready"));
		for (int call = 0; call < 10; call++) {
			InstanceView target = view.get(call % view.size());
			String answer = RestClient.create("http://" + target.host() + ":" + target.port()).get().uri("/hello")
				.retrieve().body(String.class);
			assertThat(answer).isEqualTo("orders-2");
		}
	}

	private List<InstanceView> passing(RestClient registry) {
		return registry.get().uri("/api/v1/services/orders/instances?view=full").retrieve()
			.onStatus((status) -> status.value() == 404, (request, response) -> {
			})
			.body(new ParameterizedTypeReference<List<InstanceView>>() {
			});
	}

	private Process start(String id) throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), CrashableInstance.class.getName(), "http://127.0.0.1:" + this.port,
				"orders", id, CHECK)
			.redirectErrorStream(true)
			.start();
		this.processes.add(process);
		BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = output.readLine();
		assertThat(line).as("first line of %s", id).startsWith("READY ");
		return process;
	}

}
