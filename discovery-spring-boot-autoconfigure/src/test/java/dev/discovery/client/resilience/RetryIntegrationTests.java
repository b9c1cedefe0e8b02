package dev.discovery.client.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.discovery.client.test.StubRegistry;
import dev.discovery.client.test.TestApps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries on another instance through the three {@code @LoadBalanced} client styles of a real application, against
 * real sockets: refused ports, instances answering 503 or closing the connection.
 */
class RetryIntegrationTests {

	private static final List<Backend> backends = new ArrayList<>();

	private static StubRegistry registry;

	private static ConfigurableApplicationContext app;

	private static int services;

	@BeforeAll
	static void start() {
		registry = StubRegistry.start();
		app = startApp();
	}

	@AfterAll
	static void stop() {
		app.close();
		registry.close();
		backends.forEach(Backend::close);
	}

	static ConfigurableApplicationContext startApp(String... more) {
		List<String> args = new ArrayList<>(List.of("--spring.application.name=caller",
				"--discovery.registry.url=" + registry.url(), "--discovery.instance.host=127.0.0.1",
				"--discovery.watch.enabled=false", "--spring.cloud.service-registry.auto-registration.enabled=false",
				"--spring.cloud.loadbalancer.cache.enabled=false"));
		args.addAll(List.of(more));
		return TestApps.start(WebApplicationType.SERVLET, new Class<?>[] { Clients.class },
				args.toArray(String[]::new));
	}

	@Test
	void refusedInstanceShouldCostNoCallInAnyClientStyle() {
		Backend live = backend("live");
		String service = service(live, null);
		for (Function<String, Call> client : List.<Function<String, Call>>of(RetryIntegrationTests::restTemplate,
				RetryIntegrationTests::restClient, RetryIntegrationTests::webClient)) {
			for (int i = 0; i < 6; i++) {
				assertThat(client.apply(service).get()).isEqualTo("200 live");
				assertThat(client.apply(service).post()).isEqualTo("200 live");
			}
		}
		// Ejected for refusing: reported to the registry, which checks it at once.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.requests().contains("POST /api/v1/services/" + service + "/instances/dead/suspect"));
	}

	@Test
	void unavailableAnswerShouldGoElsewhereForGetsButNotForPosts() {
		Backend busy = backend("busy");
		Backend live = backend("live");
		String service = service(busy, live);
		busy.answer(503, null);
		for (int i = 0; i < 2; i++) {
			assertThat(restClient(service).get()).isEqualTo("200 live");
			assertThat(webClient(service).get()).isEqualTo("200 live");
		}
		String posts = service(busy, live);
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			answers.add(restTemplate(posts).post());
		}
		assertThat(answers).contains("503 busy", "200 live");
	}

	@Test
	void retriesShouldNeverTryTheSameInstanceTwice() {
		Backend first = backend("first");
		Backend second = backend("second");
		first.answer(503, null);
		second.answer(503, null);
		String service = service(first, second);
		assertThat(restClient(service).get()).startsWith("503");
		assertThat(first.hits()).isEqualTo(1);
		assertThat(second.hits()).isEqualTo(1);
		assertThat(webClient(service).get()).startsWith("503");
		assertThat(first.hits() + second.hits()).isEqualTo(4);
	}

	@Test
	void retryAfterLongerThanTheMaximumShouldReachTheCaller() {
		Backend maintenance = backend("maintenance");
		Backend live = backend("live");
		maintenance.answer(503, "30");
		String service = service(maintenance, live);
		List<String> answers = List.of(restClient(service).get(), restClient(service).get());
		assertThat(answers).containsExactlyInAnyOrder("503 maintenance", "200 live");
		// The instance asked for 30 s: this caller skips it meanwhile.
		for (int i = 0; i < 4; i++) {
			assertThat(restClient(service).get()).isEqualTo("200 live");
		}
		assertThat(maintenance.hits()).isEqualTo(1);
		// It asked for time: it is alive, so it is not reported.
		assertThat(registry.requests()).noneMatch((request) -> request.endsWith("/maintenance/suspect"));
	}

	@Test
	void shortRetryAfterShouldBeWaitedForAndRetried() {
		Backend busy = backend("busy");
		Backend live = backend("live");
		busy.answer(503, "0");
		String service = service(busy, live);
		for (int i = 0; i < 4; i++) {
			assertThat(webClient(service).get()).isEqualTo("200 live");
		}
	}

	@Test
	void connectionClosedWithoutAnswerShouldBeRetriedForGetsOnly() {
		Backend broken = backend("broken");
		Backend live = backend("live");
		broken.reset();
		String service = service(broken, live);
		for (int i = 0; i < 2; i++) {
			assertThat(restTemplate(service).get()).isEqualTo("200 live");
			assertThat(webClient(service).get()).isEqualTo("200 live");
		}
		String posts = service(broken, live);
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			answers.add(restClient(posts).post());
		}
		assertThat(answers).contains("failed", "200 live");
	}

	@Test
	void failingInstanceShouldBeEjectedAfterFailuresInARow() {
		Backend broken = backend("broken");
		Backend live = backend("live");
		broken.answer(502, null);
		String service = service(broken, live);
		for (int i = 0; i < 20; i++) {
			assertThat(restTemplate(service).get()).isEqualTo("200 live");
		}
		assertThat(broken.hits()).isEqualTo(3);
	}

	@Test
	void withoutRetriesARefusedInstanceShouldFailACallUntilEjected() {
		try (ConfigurableApplicationContext plain = startApp("--discovery.loadbalancer.retry.enabled=false")) {
			Backend live = backend("live");
			String service = service(live, null);
			List<String> answers = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				answers.add(call(plain, service).get());
			}
			// LoadBalancer's own interceptor does not retry, but its lifecycle feeds the ejection.
			assertThat(answers).contains("failed");
			assertThat(answers.subList(2, 6)).containsOnly("200 live");
		}
	}

	@Test
	void springCloudLoadBalancerRetrySwitchShouldBeHonoured() {
		try (ConfigurableApplicationContext plain = startApp("--spring.cloud.loadbalancer.retry.enabled=false")) {
			Backend busy = backend("busy");
			Backend live = backend("live");
			busy.answer(503, null);
			String service = service(busy, live);
			List<String> answers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				answers.add(call(plain, service).get());
			}
			// Each call had one attempt: the 503s reached the caller.
			assertThat(answers).contains("503 busy", "200 live");
			assertThat(busy.hits() + live.hits()).isEqualTo(4);
		}
	}

	private static Backend backend(String id) {
		Backend backend = Backend.start(id);
		backends.add(backend);
		return backend;
	}

	/** Registers a new service of the given instances; a missing second one is a refused port. */
	private static String service(Backend first, Backend second) {
		String service = "svc-" + (++services);
		register(service, first.id(), first.port());
		if (second != null) {
			register(service, second.id(), second.port());
		}
		else {
			register(service, "dead", Backend.deadPort());
		}
		return service;
	}

	private static void register(String service, String id, int port) {
		Backend.register(registry, service, id, port);
	}

	private static Call restTemplate(String service) {
		RestTemplate client = app.getBean(RestTemplate.class);
		return new Call((method) -> {
			var response = client.exchange("http://" + service + "/x", method, null, String.class);
			return response.getStatusCode().value() + " " + response.getBody();
		});
	}

	private static Call restClient(String service) {
		return call(app, service);
	}

	private static Call call(ConfigurableApplicationContext context, String service) {
		RestClient client = context.getBean(RestClient.Builder.class).build();
		return new Call((method) -> client.method(method)
			.uri("http://" + service + "/x")
			.exchange((request, response) -> response.getStatusCode().value() + " "
					+ new String(response.getBody().readAllBytes())));
	}

	private static Call webClient(String service) {
		WebClient client = app.getBean(WebClient.Builder.class).build();
		return new Call((method) -> client.method(method)
			.uri("http://" + service + "/x")
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> response.statusCode().value() + " " + body))
			.block());
	}

	/** One client style's GET and POST: the status and body, or {@code failed} if no answer came. */
	record Call(Function<HttpMethod, String> send) {

		String get() {
			return answer(HttpMethod.GET);
		}

		String post() {
			return answer(HttpMethod.POST);
		}

		private String answer(HttpMethod method) {
			try {
				return this.send.apply(method);
			}
			catch (HttpStatusCodeException ex) {
				return ex.getStatusCode().value() + " " + ex.getResponseBodyAsString();
			}
			catch (RuntimeException ex) {
				return "failed";
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Clients {

		@Bean
		@LoadBalanced
		RestTemplate loadBalancedRestTemplate() {
			return new RestTemplate();
		}

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

		@Bean
		@LoadBalanced
		WebClient.Builder loadBalancedWebClientBuilder() {
			return WebClient.builder();
		}

	}

}
