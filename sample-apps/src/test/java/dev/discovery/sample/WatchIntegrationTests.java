package dev.discovery.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.discovery.client.watch.RegistryWatch;
import dev.discovery.client.watch.WatchHealthIndicator;
import dev.discovery.sample.order.OrderServiceApplication;
import dev.discovery.sample.payment.PaymentServiceApplication;
import dev.discovery.server.DiscoveryServerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order service's view of payment-service is pushed by the registry's watch stream: a new instance gets calls
 * within moments although LoadBalancer's 35 s instance cache is on, and calls keep succeeding on the last known
 * view when the registry goes away.
 */
class WatchIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private ConfigurableApplicationContext server;

	private ConfigurableApplicationContext payment1;

	private ConfigurableApplicationContext payment2;

	private ConfigurableApplicationContext order;

	@AfterEach
	void stopAll() {
		Stream.of(this.order, this.payment2, this.payment1, this.server)
			.filter((c) -> c != null && c.isActive())
			.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void pushedViewShouldBringNewInstancesAtOnceAndOutliveTheRegistry() {
		this.server = new SpringApplicationBuilder(DiscoveryServerApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.jmx.enabled=false", "--discovery.server.snapshot.enabled=false",
				"--discovery.enabled=false", "--discovery.health-endpoints.enabled=false");
		String registry = "--discovery.registry.url=http://127.0.0.1:" + SampleAppsIntegrationTests.port(this.server);
		this.payment1 = PaymentServiceApplication.builder().run(SampleAppsIntegrationTests.appArgs(registry));
		this.order = OrderServiceApplication.builder().run(SampleAppsIntegrationTests.appArgs(registry));
		AtomicInteger heartbeats = new AtomicInteger();
		this.order.addApplicationListener((event) -> {
			if (event instanceof HeartbeatEvent) {
				heartbeats.incrementAndGet();
			}
		});
		DiscoveryClient discovery = this.order.getBean(DiscoveryClient.class);
		await().untilAsserted(() -> assertThat(discovery.getInstances("payment-service")).hasSize(1));
		RegistryWatch watch = this.order.getBean(RegistryWatch.class);
		await().atMost(Duration.ofSeconds(5)).until(watch::isConnected);
		assertThat(this.order.getBean(WatchHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
		assertThat(call()).isEqualTo(instanceId(this.payment1));

		this.payment2 = PaymentServiceApplication.builder().run(SampleAppsIntegrationTests.appArgs(registry));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(servedBy(10)).hasSize(2));
		assertThat(heartbeats).hasPositiveValue();

		this.server.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> !watch.isConnected());
		assertThat(discovery.getInstances("payment-service")).hasSize(2);
		assertThat(servedBy(10)).as("calls with the registry gone").hasSize(2);
		assertThat(this.order.getBean(WatchHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(this.order.getBean(MeterRegistry.class).get("discovery.client.watch.connected").gauge().value())
			.isZero();
	}

	@Test
	void rollingRestartShouldFailNoCallAndEachStopShouldEndOnceTheRegistryConfirmsDelivery() throws Exception {
		this.server = new SpringApplicationBuilder(DiscoveryServerApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.jmx.enabled=false", "--discovery.server.snapshot.enabled=false",
				"--discovery.enabled=false", "--discovery.health-endpoints.enabled=false");
		String registry = "--discovery.registry.url=http://127.0.0.1:" + SampleAppsIntegrationTests.port(this.server);
		String drain = "--discovery.shutdown.drain-timeout=4s";
		this.payment1 = PaymentServiceApplication.builder().run(SampleAppsIntegrationTests.appArgs(registry, drain));
		this.payment2 = PaymentServiceApplication.builder().run(SampleAppsIntegrationTests.appArgs(registry, drain));
		this.order = OrderServiceApplication.builder().run(SampleAppsIntegrationTests.appArgs(registry));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servedBy(10)).hasSize(2));
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		AtomicBoolean calling = new AtomicBoolean(true);
		Thread caller = new Thread(() -> {
			while (calling.get()) {
				statuses.add(status());
			}
		});
		caller.start();
		Duration firstStop = timed(this.payment1::close);
		this.payment1 = PaymentServiceApplication.builder().run(SampleAppsIntegrationTests.appArgs(registry, drain));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servedBy(10)).hasSize(2));
		Duration secondStop = timed(this.payment2::close);
		calling.set(false);
		caller.join(10_000);
		assertThat(statuses).as("calls during a rolling restart").hasSizeGreaterThan(20).containsOnly(200);
		assertThat(firstStop).as("stop with delivery confirmed").isLessThan(Duration.ofSeconds(4));
		assertThat(secondStop).as("stop with delivery confirmed").isLessThan(Duration.ofSeconds(4));
	}

	private static Duration timed(Runnable action) {
		long started = System.nanoTime();
		action.run();
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private int status() {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + SampleAppsIntegrationTests.port(this.order) + "/orders/2"))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private Set<String> servedBy(int calls) {
		Set<String> servedBy = new HashSet<>();
		for (int i = 0; i < calls; i++) {
			servedBy.add(call());
		}
		return servedBy;
	}

	private String call() {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + SampleAppsIntegrationTests.port(this.order) + "/orders/1"))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return json.readTree(response.body()).get("payment").get("servedBy").asString();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String instanceId(ConfigurableApplicationContext app) {
		return app.getBean(org.springframework.cloud.client.serviceregistry.Registration.class).getInstanceId();
	}

}
