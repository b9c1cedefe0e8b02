package dev.discovery.client.serviceregistry;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.discovery.client.test.StubRegistry;
import dev.discovery.client.test.TestApps;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

class AutoRegistrationIntegrationTests {

	private final StubRegistry stub = StubRegistry.start();

	@AfterEach
	void stop() {
		this.stub.close();
	}

	private ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 4];
		all[0] = "--spring.application.name=payment-service";
		all[1] = "--discovery.registry.url=" + this.stub.url();
		all[2] = "--discovery.heartbeat.interval=200ms";
		all[3] = "--management.endpoints.web.exposure.include=health,serviceregistry";
		System.arraycopy(args, 0, all, 4, args.length);
		return TestApps.start(WebApplicationType.SERVLET, all);
	}

	@Test
	void applicationShouldRegisterWithItsRealPortAndReadinessCheck() {
		try (ConfigurableApplicationContext context = start()) {
			int port = TestApps.port(context);
			// Registration runs in the background, so startup never waits for the registry.
			InstanceView view = await().until(
					() -> this.stub.instances().get("payment-service/payment-service-127-0-0-1-" + port),
					java.util.Objects::nonNull);
			assertThat(view.host()).isEqualTo("127.0.0.1");
			assertThat(view.port()).isEqualTo(port);
			assertThat(view.healthCheck().type()).isEqualTo(HealthCheckType.HTTP);
			assertThat(view.healthCheck().path()).isEqualTo("/health/ready");
			await().untilAsserted(() -> assertThat(this.stub.requests()).anyMatch((r) -> r.endsWith("/heartbeat")));
		}
	}

	@Test
	void healthCheckPathShouldBeUnderTheServletContextPathWhereItIsServed() {
		try (ConfigurableApplicationContext context = start("--server.servlet.context-path=/orders/")) {
			assertHealthCheckServedAt(context, "/orders/health/ready");
		}
	}

	@Test
	void healthCheckPathShouldBeUnderTheWebFluxBasePathWhereItIsServed() {
		try (ConfigurableApplicationContext context = TestApps.start(WebApplicationType.REACTIVE,
				"--spring.application.name=payment-service", "--discovery.registry.url=" + this.stub.url(),
				"--spring.webflux.base-path=/payments", "--server.servlet.context-path=/ignored")) {
			assertHealthCheckServedAt(context, "/payments/health/ready");
		}
	}

	/** The registration names the path, and the application answers it: the registry's check would pass. */
	private void assertHealthCheckServedAt(ConfigurableApplicationContext context, String path) {
		InstanceView view = await().until(() -> this.stub.instances().values().stream().findFirst().orElse(null),
				java.util.Objects::nonNull);
		assertThat(view.healthCheck().path()).isEqualTo(path);
		assertThat(TestApps.get(context, path).statusCode()).isEqualTo(200);
	}

	@Test
	void withAutoRegistrationOffAnApplicationShouldRegisterItselfWithItsRealPort() {
		try (ConfigurableApplicationContext context = start(
				"--spring.cloud.service-registry.auto-registration.enabled=false")) {
			DiscoveryRegistration registration = context.getBean(DiscoveryRegistration.class);
			DiscoveryServiceRegistry serviceRegistry = context.getBean(DiscoveryServiceRegistry.class);
			assertThat(this.stub.requests()).isEmpty();
			serviceRegistry.register(registration);
			await().untilAsserted(() -> assertThat(this.stub.instances().values()).singleElement()
				.satisfies((view) -> assertThat(view.port()).isEqualTo(TestApps.port(context))));
			serviceRegistry.deregister(registration);
			assertThat(this.stub.instances()).isEmpty();
		}
	}

	@Test
	void withActuatorOnItsOwnPortTheApplicationShouldRegisterItsPortAndServeTheCheckThere() {
		try (ConfigurableApplicationContext context = start("--management.server.port=0")) {
			int port = TestApps.port(context);
			String managementPort = context.getEnvironment().getProperty("local.management.port");
			assertThat(managementPort).isNotNull().isNotEqualTo(Integer.toString(port));
			InstanceView view = await().until(() -> this.stub.instances().values().stream().findFirst().orElse(null),
					java.util.Objects::nonNull);
			assertThat(view.port()).isEqualTo(port);
			assertThat(TestApps.get(context, view.healthCheck().path()).statusCode()).isEqualTo(200);
			assertThat(TestApps.get(context, "/actuator/health").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void webFluxApplicationShouldRegisterAndDeregisterToo() {
		ConfigurableApplicationContext context = TestApps.start(WebApplicationType.REACTIVE,
				"--spring.application.name=payment-service", "--discovery.registry.url=" + this.stub.url());
		await().untilAsserted(() -> assertThat(this.stub.instances())
			.containsOnlyKeys("payment-service/payment-service-127-0-0-1-" + TestApps.port(context)));
		await().untilAsserted(() -> assertThat(this.stub.instances().values()).singleElement()
			.satisfies((view) -> assertThat(view.status()).isEqualTo(InstanceStatus.UP)));
		context.close();
		assertThat(this.stub.instances()).isEmpty();
	}

	@Test
	void applicationShouldRegisterAsStartingAndTurnUpWhenReady() {
		// A runner that holds startup until the registry has the registration: it is made before readiness.
		SlowRunner.stub = this.stub;
		try (ConfigurableApplicationContext context = TestApps.start(WebApplicationType.SERVLET,
				new Class<?>[] { SlowRunner.class }, "--spring.application.name=payment-service",
				"--discovery.registry.url=" + this.stub.url())) {
			String instance = "/api/v1/services/payment-service/instances/payment-service-127-0-0-1-"
					+ TestApps.port(context);
			assertThat(this.stub.body("PUT " + instance)).contains("\"status\":\"STARTING\"");
			await().untilAsserted(() -> assertThat(this.stub.instances().values()).singleElement()
				.satisfies((view) -> assertThat(view.status()).isEqualTo(InstanceStatus.UP)));
			assertThat(this.stub.body("PUT " + instance + "/status")).contains("\"status\":\"UP\"");
		}
		finally {
			SlowRunner.stub = null;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowRunner {

		static volatile StubRegistry stub;

		@Bean
		ApplicationRunner waitForRegistration() {
			return (args) -> await().atMost(Duration.ofSeconds(20)).until(() -> !stub.instances().isEmpty());
		}

	}

	@Test
	void deregistrationShouldHappenWhileTheServerStillAnswers() {
		List<Integer> answersDuringDeregistration = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext context = start();
		this.stub.onRequest((request) -> {
			if (request.startsWith("DELETE")) {
				answersDuringDeregistration.add(TestApps.get(context, "/health/live").statusCode());
			}
		});
		context.close();
		assertThat(this.stub.instances()).isEmpty();
		assertThat(answersDuringDeregistration).containsExactly(200);
	}

	@Test
	void serviceRegistryEndpointShouldReadAndSetTheStatus() {
		try (ConfigurableApplicationContext context = start()) {
			await().untilAsserted(
					() -> assertThat(TestApps.get(context, "/actuator/serviceregistry").body()).isEqualTo("UP"));
			assertThat(postStatus(context, "{\"status\":\"OUT_OF_SERVICE\"}").statusCode()).isEqualTo(200);
			assertThat(this.stub.instances().values()).singleElement()
				.satisfies((view) -> assertThat(view.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE));
			assertThat(TestApps.get(context, "/actuator/serviceregistry").body()).contains("OUT_OF_SERVICE");
		}
	}

	@Test
	void serviceRegistryEndpointShouldRefuseAnUnknownStatusWithAProblemAndChangeNothing() {
		try (ConfigurableApplicationContext context = start()) {
			await().untilAsserted(() -> assertThat(this.stub.instances().values()).singleElement()
				.satisfies((view) -> assertThat(view.status()).isEqualTo(InstanceStatus.UP)));
			int requests = this.stub.requests().size();
			HttpResponse<String> response = postStatus(context, "{\"status\":\"SLEEPING\"}");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).contains("\"status\":400", "SLEEPING", "OUT_OF_SERVICE");
			List<String> since = List.copyOf(this.stub.requests());
			assertThat(since.subList(requests, since.size())).noneMatch((request) -> request.endsWith("/status"));
			assertThat(TestApps.get(context, "/actuator/serviceregistry").body()).isEqualTo("UP");
		}
	}

	@Test
	void serviceRegistryEndpointShouldAnswerServiceUnavailableWhenTheRegistryDoesNot() {
		// No heartbeat fails meanwhile: with one failed, a status set waits for the next registration (a 200).
		try (ConfigurableApplicationContext context = TestApps.start(WebApplicationType.SERVLET,
				"--spring.application.name=payment-service", "--discovery.registry.url=" + this.stub.url(),
				"--discovery.heartbeat.interval=1h", "--discovery.lease.ttl=2h", "--discovery.watch.enabled=false",
				"--management.endpoints.web.exposure.include=serviceregistry")) {
			await().untilAsserted(() -> assertThat(this.stub.instances().values()).singleElement()
				.satisfies((view) -> assertThat(view.status()).isEqualTo(InstanceStatus.UP)));
			this.stub.failNext(10_000, 503);
			HttpResponse<String> read = TestApps.get(context, "/actuator/serviceregistry");
			assertThat(read.statusCode()).isEqualTo(503);
			assertThat(read.body()).contains(this.stub.url().toString());
			HttpResponse<String> write = postStatus(context, "{\"status\":\"out_of_service\"}");
			assertThat(write.statusCode()).isEqualTo(503);
			assertThat(write.body()).contains("\"status\":503", this.stub.url().toString());
		}
	}

	private static HttpResponse<String> postStatus(ConfigurableApplicationContext context, String json) {
		return TestApps.send(HttpRequest.newBuilder(TestApps.uri(context, "/actuator/serviceregistry"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	@Test
	void registrationsAndHeartbeatsShouldBeCounted() {
		try (ConfigurableApplicationContext context = start()) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().ignoreExceptions().untilAsserted(() -> {
				assertThat(meters.get("discovery.client.registrations").tag("outcome", "success").counter().count())
					.isEqualTo(1);
				assertThat(meters.get("discovery.client.heartbeats").tag("outcome", "success").counter().count())
					.isPositive();
				assertThat(meters.get("discovery.client.requests").tag("operation", "register").timer().count())
					.isEqualTo(1);
			});
		}
	}

	@Test
	void unreachableRegistryShouldNotStopStartupByDefault() {
		this.stub.failNext(2, 503);
		try (ConfigurableApplicationContext context = start("--discovery.retry.initial-interval=100ms")) {
			assertThat(context.isActive()).isTrue();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.stub.instances()).hasSize(1));
		}
	}

	@Test
	void unreachableRegistryShouldFailStartupWhenFailFast() {
		String url = "http://127.0.0.1:1";
		assertThatException()
			.isThrownBy(() -> TestApps.start(WebApplicationType.SERVLET, "--spring.application.name=payment-service",
					"--discovery.registry.url=" + url, "--discovery.fail-fast=true"))
			.withStackTraceContaining("discovery registry at [" + url + "]")
			.withStackTraceContaining("discovery.fail-fast");
	}

	@Test
	void registryHealthIndicatorShouldReportTheRegistry() {
		try (ConfigurableApplicationContext context = start("--management.endpoint.health.show-details=always")) {
			assertThat(TestApps.get(context, "/actuator/health").body()).contains("\"discoveryRegistry\"")
				.contains(this.stub.url().toString());
		}
	}

}
