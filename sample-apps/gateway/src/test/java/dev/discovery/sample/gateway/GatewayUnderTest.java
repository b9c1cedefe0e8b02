package dev.discovery.sample.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.discovery.test.TestRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway sample running against a test registry, on 127.0.0.1 and a free port: registers backends with that
 * registry, waits for the gateway to see them, and calls its routes.
 */
final class GatewayUnderTest implements AutoCloseable {

	private static final HttpClient http = HttpClient.newHttpClient();

	private final TestRegistry registry;

	private final ConfigurableApplicationContext context;

	private GatewayUnderTest(TestRegistry registry, ConfigurableApplicationContext context) {
		this.registry = registry;
		this.context = context;
	}

	/**
	 * Starts the gateway.
	 * @param registry the registry it finds instances in
	 * @param args more command-line arguments, e.g. {@code --spring.cloud.loadbalancer.retry.enabled=false}
	 * @return the running gateway
	 */
	static GatewayUnderTest start(TestRegistry registry, String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.jmx.enabled=false", "--spring.main.banner-mode=off", "--discovery.registry.url=" + registry.url(),
				"--discovery.instance.host=127.0.0.1", "--spring.cloud.service-registry.auto-registration.enabled=false"));
		all.addAll(List.of(args));
		return new GatewayUnderTest(registry,
				new SpringApplicationBuilder(GatewayApplication.class).run(all.toArray(String[]::new)));
	}

	/**
	 * Registers an instance at 127.0.0.1 with the registry, through its HTTP API.
	 * @param service the service
	 * @param id the start of the instance id
	 * @param port the instance's port
	 * @return the instance id
	 */
	String register(String service, String id, int port) {
		String instanceId = id + "-" + port;
		HttpResponse<String> response = exchange(HttpRequest
			.newBuilder(URI.create(this.registry.url() + "/api/v1/services/" + service + "/instances/" + instanceId))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"host\":\"127.0.0.1\",\"port\":" + port + "}"))
			.build());
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
		return instanceId;
	}

	/** Waits until the gateway's view of a service holds exactly these ports. */
	void awaitInstances(String service, int... ports) {
		DiscoveryClient discovery = this.context.getBean(DiscoveryClient.class);
		List<Integer> expected = Arrays.stream(ports).sorted().boxed().toList();
		await().atMost(Duration.ofSeconds(15))
			.until(() -> discovery.getInstances(service).stream().map(ServiceInstance::getPort).sorted().toList(),
					expected::equals);
	}

	/**
	 * Calls the gateway.
	 * @param method the method
	 * @param path the path, which picks the route
	 * @param body the body, empty for none
	 * @return the answer
	 */
	HttpResponse<String> send(String method, String path, String body) {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(30))
			.build());
	}

	private static HttpResponse<String> exchange(HttpRequest request) {
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

	@Override
	public void close() {
		this.context.close();
	}

}
