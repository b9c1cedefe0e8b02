package dev.discovery.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.discovery.sample.order.OrderServiceApplication;
import dev.discovery.sample.payment.PaymentServiceApplication;
import dev.discovery.server.DiscoveryServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the real registry server, two payment-service instances and one order-service in this JVM, on 127.0.0.1
 * and random ports, and calls order-service the way a user would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleAppsIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ConfigurableApplicationContext server;

	private static ConfigurableApplicationContext payment1;

	private static ConfigurableApplicationContext payment2;

	private static ConfigurableApplicationContext order;

	@BeforeAll
	static void startAll() {
		// The server shares this classpath with the starter: keep the client side of it switched off.
		server = new SpringApplicationBuilder(DiscoveryServerApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.jmx.enabled=false", "--discovery.server.snapshot.enabled=false",
				"--discovery.enabled=false", "--discovery.health-endpoints.enabled=false");
		String registry = "--discovery.registry.url=http://127.0.0.1:" + port(server);
		// Keep the drain short: nothing caches the registry's view in this test.
		String drain = "--discovery.shutdown.drain-timeout=200ms";
		payment1 = PaymentServiceApplication.builder().run(appArgs(registry, drain));
		payment2 = PaymentServiceApplication.builder().run(appArgs(registry, drain));
		// LoadBalancer caches instance lists for 35 s by default; without the cache every call sees the registry's
		// current view, so the graceful-stop test observes deregistration rather than the cache's age.
		order = OrderServiceApplication.builder().run(appArgs(registry, "--spring.cloud.loadbalancer.cache.enabled=false"));
		DiscoveryClient discovery = order.getBean(DiscoveryClient.class);
		await().untilAsserted(() -> assertThat(discovery.getInstances("payment-service")).hasSize(2));
	}

	@AfterAll
	static void stopAll() {
		Stream.of(order, payment2, payment1, server).filter((c) -> c != null && c.isActive()).forEach((c) -> c.close());
	}

	// The server brings Spring Security onto this shared test classpath; the sample apps do not use it.
	static final String NO_SECURITY = "--spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	static String[] appArgs(String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.jmx.enabled=false", "--discovery.heartbeat.interval=1s", NO_SECURITY));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	@ParameterizedTest
	@Order(1)
	@ValueSource(strings = { "", "/rest-client", "/web-client" })
	void callsByNameShouldReachBothPaymentInstancesInTurn(String client) {
		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			JsonNode order = json.readTree(get(order(), "/orders/42" + client).body());
			assertThat(order.get("payment").get("paymentId").asString()).isEqualTo("42");
			servedBy.add(order.get("payment").get("servedBy").asString());
		}
		assertThat(servedBy).containsOnly(instanceId(payment1), instanceId(payment2));
		for (int i = 1; i < servedBy.size(); i++) {
			assertThat(servedBy.get(i)).isNotEqualTo(servedBy.get(i - 1));
		}
	}

	@Test
	@Order(2)
	void healthEndpointsShouldAnswerOnEachApp() {
		for (ConfigurableApplicationContext app : List.of(payment1, payment2, order)) {
			assertThat(get(app, "/health/ready").statusCode()).isEqualTo(200);
			assertThat(get(app, "/health/live").statusCode()).isEqualTo(200);
			assertThat(json.readTree(get(app, "/health/ready").body()).get("status").asString()).isEqualTo("UP");
		}
	}

	@Test
	@Order(3)
	void gracefullyStoppedInstanceShouldStopReceivingCalls() throws Exception {
		String stopped = instanceId(payment2);
		AtomicBoolean stopping = new AtomicBoolean(true);
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		Thread caller = new Thread(() -> {
			for (int i = 0; i < 2000 && stopping.get(); i++) {
				statuses.add(get(order(), "/orders/" + i).statusCode());
			}
		});
		caller.start();
		await().until(() -> statuses.size() >= 5);
		payment2.close();
		stopping.set(false);
		caller.join(10_000);
		assertThat(statuses).as("calls while an instance stops gracefully").isNotEmpty().containsOnly(200);
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> response = get(order(), "/orders/7");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json.readTree(response.body()).get("payment").get("servedBy").asString())
				.isEqualTo(instanceId(payment1))
				.isNotEqualTo(stopped);
		}
	}

	private static ConfigurableApplicationContext order() {
		return order;
	}

	private static String instanceId(ConfigurableApplicationContext app) {
		return app.getBean(org.springframework.cloud.client.serviceregistry.Registration.class).getInstanceId();
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext app, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(app) + path)).build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
