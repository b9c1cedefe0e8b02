package dev.discovery.client.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a real application with the starter's auto-configuration on 127.0.0.1 and a random port.
 */
public final class TestApps {

	private static final HttpClient http = HttpClient.newHttpClient();

	private TestApps() {
	}

	public static ConfigurableApplicationContext start(WebApplicationType type, String... args) {
		return start(type, new Class<?>[0], args);
	}

	/** Starts the test application with more configuration classes. */
	public static ConfigurableApplicationContext start(WebApplicationType type, Class<?>[] sources,
			String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.jmx.enabled=false", "--spring.main.banner-mode=off"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(App.class).sources(sources).web(type).run(all.toArray(String[]::new));
	}

	public static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static HttpResponse<String> get(ConfigurableApplicationContext context, String path) {
		return send(HttpRequest.newBuilder(uri(context, path)).GET().build());
	}

	public static HttpResponse<String> send(HttpRequest request) {
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

	public static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + port(context) + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
