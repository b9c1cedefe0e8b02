package dev.discovery.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.test.apps.order.OrderApp;
import dev.discovery.test.apps.payment.PaymentApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter acknowledges what its view applied: the registry measures time to truth from real applications, and
 * a stopping instance's drain waits until every subscribed caller applied its removal, not only until the change
 * reached their sockets.
 * <p>
 * A registry of its own (properties no other class asks for): subscriber counts and instance lists must not see the
 * applications other test classes leave running in Spring's context cache.
 */
@EmbeddedRegistry(properties = "discovery.server.watch.history-size=4096")
class TimeToTruthTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aCallerShouldAcknowledgeWhatItAppliedAndTheDrainEndOnceItHas(TestRegistry registry) throws Exception {
		try (ConfigurableApplicationContext order = start(OrderApp.class, "order-service", registry, "0s")) {
			ConfigurableApplicationContext payment = start(PaymentApp.class, "payment-service", registry, "20s");
			registry.awaitRegistered(payment);
			assertThat(registry.choices(order, "payment-service", 2)).containsOnly(id(payment));
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				JsonNode report = propagation(registry, "payment-service");
				assertThat(report.get("subscribers").asInt()).isEqualTo(1);
			});
			long started = System.nanoTime();
			payment.close();
			Duration drain = Duration.ofNanos(System.nanoTime() - started);
			// Confirmed by order-service's acknowledgement, long before the 20 s drain timeout.
			assertThat(drain).isLessThan(Duration.ofSeconds(15));
			assertThat(order.getBean(dev.discovery.client.watch.RegistryView.class).instances("payment-service"))
				.isEmpty();
			JsonNode report = propagation(registry, "payment-service");
			assertThat(report.get("lagging")).isEmpty();
			assertThat(report.get("timeToTruth").get("changes").asInt()).isGreaterThanOrEqualTo(1);
			assertThat(report.get("timeToTruth").get("open").asInt()).isZero();
		}
	}

	@Test
	void aCallerThatDoesNotApplyTheRemovalShouldHoldTheDrainUntilItsTimeout(TestRegistry registry) throws Exception {
		ConfigurableApplicationContext payment = start(PaymentApp.class, "payment-service", registry, "3s");
		try {
			awaitFrozenCallerHoldsTheDrain(registry, payment);
		}
		finally {
			payment.close();
		}
	}

	private void awaitFrozenCallerHoldsTheDrain(TestRegistry registry, ConfigurableApplicationContext payment)
			throws Exception {
		registry.awaitRegistered(payment);
		// A caller whose view is frozen: it reads the stream, says it acknowledges, and never does.
		CompletableFuture<HttpResponse<Stream<String>>> frozen = this.http.sendAsync(
				HttpRequest.newBuilder(URI.create(registry.url() + "/api/v1/watch?services=payment-service"))
					.header("X-Discovery-Watcher", "frozen-caller")
					.build(),
				BodyHandlers.ofLines());
		try {
			frozen.thenAcceptAsync((response) -> response.body().forEach((line) -> {
			}));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> propagation(registry, "payment-service").get("subscribers").asInt() == 1);
			long started = System.nanoTime();
			payment.close();
			// Delivery alone would have ended the wait within a second; the unapplied removal holds it.
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
			JsonNode lagger = propagation(registry, "payment-service").get("lagging").get(0);
			assertThat(lagger.get("watcher").asString()).startsWith("frozen-caller#");
		}
		finally {
			frozen.cancel(true);
			frozen.thenAccept((response) -> response.body().close());
		}
	}

	private JsonNode propagation(TestRegistry registry, String service) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(registry.url() + "/api/v1/services/" + service + "/propagation"))
					.build(),
				BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static ConfigurableApplicationContext start(Class<?> application, String name, TestRegistry registry,
			String drainTimeout) {
		String[] client = registry.clientArgs();
		String[] args = new String[client.length + 4];
		System.arraycopy(client, 0, args, 0, client.length);
		args[client.length] = "--spring.application.name=" + name;
		args[client.length + 1] = "--server.port=0";
		args[client.length + 2] = "--spring.jmx.enabled=false";
		args[client.length + 3] = "--discovery.shutdown.drain-timeout=" + drainTimeout;
		return new SpringApplicationBuilder(application).run(args);
	}

	private static String id(ConfigurableApplicationContext application) {
		return application.getBean(Registration.class).getInstanceId();
	}

}
