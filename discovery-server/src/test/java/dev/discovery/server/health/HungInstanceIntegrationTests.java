package dev.discovery.server.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stuck instance end to end: it stays registered and its heartbeats keep arriving (its heartbeat thread still
 * runs), but its HTTP server takes requests and never answers. The registry's checks time out, and it leaves the
 * passing view within failure threshold × interval + timeout (+ one tick), while it stays registered; calls routed
 * by the passing view then reach only the healthy instance.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "server.address=127.0.0.1" })
class HungInstanceIntegrationTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final int FAILURE_THRESHOLD = 3;

	/** The documented bound (docs/health-checks.md, "Slow and hung instances"), tick included. */
	private static final Duration BOUND = INTERVAL.multipliedBy(FAILURE_THRESHOLD).plus(TIMEOUT).plusMillis(250);

	@LocalServerPort
	int port;

	private final StubInstance stuck = new StubInstance();

	private final StubInstance healthy = new StubInstance();

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void tearDown() {
		this.heartbeats.shutdownNow();
		this.stuck.close();
		this.healthy.close();
	}

	@Test
	void hungInstanceThatStillHeartbeatsShouldLeaveThePassingViewWithinTheBound() throws Exception {
		RestClient registry = RestClient.create("http://127.0.0.1:" + this.port);
		register(registry, "orders-1", this.stuck);
		register(registry, "orders-2", this.healthy);
		Map<String, Integer> heartbeatAnswers = new ConcurrentHashMap<>();
		this.heartbeats.scheduleWithFixedDelay(() -> {
			for (String id : List.of("orders-1", "orders-2")) {
				heartbeatAnswers.merge(id + " " + heartbeat(registry, id), 1, Integer::sum);
			}
		}, 0, 300, TimeUnit.MILLISECONDS);
		// Steady state first: both checked and passing.
		await().atMost(INTERVAL.multipliedBy(2).plusSeconds(5))
			.until(() -> passing(registry).size() == 2
					&& passing(registry).stream().allMatch((i) -> i.lastCheckAt() != null));

		long hungAt = System.nanoTime();
		this.stuck.hang();
		await().atMost(BOUND.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
			.until(() -> passing(registry).stream().noneMatch((i) -> i.instanceId().equals("orders-1")));
		long detectedMillis = (System.nanoTime() - hungAt) / 1_000_000;
		System.out.println("Hung instance: orders-1 left the passing view " + detectedMillis + " ms after it hung ("
				+ INTERVAL.toSeconds() + "s interval x " + FAILURE_THRESHOLD + " failures, " + TIMEOUT.toMillis()
				+ "ms timeout; bound " + BOUND.toMillis() + " ms)");

		// Still registered, still heartbeating, out for its timed-out checks.
		int beatsAtDetection = heartbeatAnswers.getOrDefault("orders-1 200", 0);
		await().atMost(Duration.ofSeconds(5)).until(() -> heartbeatAnswers.getOrDefault("orders-1 200", 0) > beatsAtDetection);
		assertThat(heartbeatAnswers).as("every heartbeat answered 200").containsOnlyKeys("orders-1 200", "orders-2 200");
		InstanceView hung = all(registry).stream().filter((i) -> i.instanceId().equals("orders-1")).findFirst()
			.orElseThrow();
		assertThat(hung.health()).isEqualTo(HealthState.CRITICAL);
		assertThat(hung.healthOutput()).contains("/health/ready").contains("timed out after 500ms");

		List<InstanceView> view = passing(registry);
		assertThat(view).extracting(InstanceView::instanceId).containsExactly("orders-2");
		SimpleClientHttpRequestFactory timeouts = new SimpleClientHttpRequestFactory();
		timeouts.setConnectTimeout(1000);
		timeouts.setReadTimeout(2000);
		RestClient caller = RestClient.builder().requestFactory(timeouts).build();
		for (int call = 0; call < 10; call++) {
			InstanceView target = view.get(call % view.size());
			HttpStatusCode status = caller.get().uri("http://" + target.host() + ":" + target.port() + "/hello")
				.retrieve().toBodilessEntity().getStatusCode();
			assertThat(target.port()).isEqualTo(this.healthy.port());
			assertThat(status.value()).isEqualTo(200);
		}
	}

	private static void register(RestClient registry, String id, StubInstance instance) {
		String body = "{\"host\":\"127.0.0.1\",\"port\":" + instance.port() + ",\"leaseTtl\":\"30s\",\"healthCheck\":"
				+ "{\"type\":\"HTTP\",\"path\":\"/health/ready\",\"interval\":\"" + INTERVAL.toSeconds()
				+ "s\",\"timeout\":\"" + TIMEOUT.toMillis() + "ms\",\"failureThreshold\":" + FAILURE_THRESHOLD + "}}";
		registry.put().uri("/api/v1/services/orders/instances/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.body(body).retrieve().toBodilessEntity();
	}

	private static int heartbeat(RestClient registry, String id) {
		try {
			return registry.put().uri("/api/v1/services/orders/instances/{id}/heartbeat", id).retrieve()
				.onStatus((status) -> true, (request, response) -> {
				})
				.toBodilessEntity().getStatusCode().value();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private static List<InstanceView> passing(RestClient registry) {
		return registry.get().uri("/api/v1/services/orders/instances?view=full").retrieve()
			.body(new ParameterizedTypeReference<List<InstanceView>>() {
			});
	}

	private static List<InstanceView> all(RestClient registry) {
		return registry.get().uri("/api/v1/services/orders/instances?passing=false&view=full").retrieve()
			.body(new ParameterizedTypeReference<List<InstanceView>>() {
			});
	}

}
