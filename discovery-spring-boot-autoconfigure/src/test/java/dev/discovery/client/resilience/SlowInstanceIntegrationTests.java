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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow instance, against real sockets: the caller's read timeout is Boot's {@code spring.http.clients.read-timeout},
 * applied to load-balanced clients built from Boot's builders as the samples build them. A timed-out call is retried
 * on the other instance (GET), three in a row eject the slow one, it is offered again once fast, and even when every
 * instance is slow the caller always has one to call.
 */
class SlowInstanceIntegrationTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration SLOW = Duration.ofSeconds(6);

	private static final List<Backend> backends = new ArrayList<>();

	private static StubRegistry registry;

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		registry = StubRegistry.start();
		app = TestApps.start(WebApplicationType.SERVLET, new Class<?>[] { BootBuiltClients.class },
				"--spring.application.name=caller", "--discovery.registry.url=" + registry.url(),
				"--discovery.instance.host=127.0.0.1", "--discovery.watch.enabled=false",
				"--spring.cloud.service-registry.auto-registration.enabled=false",
				"--spring.cloud.loadbalancer.cache.enabled=false",
				"--spring.http.clients.read-timeout=" + READ_TIMEOUT.toMillis() + "ms",
				"--discovery.loadbalancer.ejection.base-time=3s");
	}

	@AfterAll
	static void stop() {
		app.close();
		registry.close();
		backends.forEach(Backend::close);
	}

	@Test
	void slowInstanceShouldBeEjectedAndReadmittedWithoutAFailedGet() {
		Backend fast = backend("fast");
		Backend slow = backend("slow");
		slow.delay(SLOW);
		String service = service("orders", fast, slow);
		List<Function<String, String>> styles = List.of(SlowInstanceIntegrationTests::restTemplate,
				SlowInstanceIntegrationTests::restClient, SlowInstanceIntegrationTests::webClient);
		for (int i = 0; i < 12; i++) {
			// Every call the slow one timed out went to the fast one.
			assertThat(styles.get(i % 3).apply(service)).isEqualTo("fast");
		}
		// Three timeouts in a row ejected it: the calls after them were not sent to it.
		assertThat(slow.hits()).isEqualTo(3);
		slow.delay(Duration.ZERO);
		List<String> answers = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			answers.add(restClient(service));
			return answers.contains("slow");
		});
		assertThat(answers).containsOnly("fast", "slow");
	}

	@Test
	void everyInstanceSlowShouldNeverLeaveTheCallerWithoutAnInstance() {
		Backend first = backend("first");
		Backend second = backend("second");
		first.delay(SLOW);
		second.delay(SLOW);
		String service = service("payments", first, second);
		for (int i = 0; i < 6; i++) {
			int before = first.hits() + second.hits();
			String answer = restClient(service);
			// Both get ejected, but the one due back first is still called: the call times out, it does not fail
			// for want of an instance.
			assertThat(answer).startsWith("failed").doesNotContain("No instances available");
			assertThat(first.hits() + second.hits()).isGreaterThan(before);
		}
	}

	private static Backend backend(String id) {
		Backend backend = Backend.start(id);
		backends.add(backend);
		return backend;
	}

	private static String service(String service, Backend first, Backend second) {
		Backend.register(registry, service, first.id(), first.port());
		Backend.register(registry, service, second.id(), second.port());
		return service;
	}

	private static String restTemplate(String service) {
		return answer(() -> app.getBean(RestTemplate.class).getForObject("http://" + service + "/x", String.class));
	}

	private static String restClient(String service) {
		RestClient client = app.getBean(RestClient.Builder.class).build();
		return answer(() -> client.get().uri("http://" + service + "/x").retrieve().body(String.class));
	}

	private static String webClient(String service) {
		WebClient client = app.getBean(WebClient.Builder.class).build();
		return answer(() -> client.get().uri("http://" + service + "/x").retrieve().bodyToMono(String.class).block());
	}

	/** The body, or {@code failed} and the exception's messages. */
	private static String answer(java.util.function.Supplier<String> call) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			StringBuilder failed = new StringBuilder("failed");
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				failed.append(": ").append(cause);
			}
			return failed.toString();
		}
	}

	/** Load-balanced clients built from Boot's builders, so {@code spring.http.clients.*} apply, as in the samples. */
	@Configuration(proxyBeanMethods = false)
	static class BootBuiltClients {

		@Bean
		@LoadBalanced
		RestTemplate loadBalancedRestTemplate(RestTemplateBuilder builder) {
			return builder.build();
		}

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
			return configurer.configure(RestClient.builder());
		}

		@Bean
		@LoadBalanced
		WebClient.Builder loadBalancedWebClientBuilder(ObjectProvider<WebClientCustomizer> customizers) {
			WebClient.Builder builder = WebClient.builder();
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder;
		}

	}

}
