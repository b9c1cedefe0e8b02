package dev.discovery.server.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import dev.discovery.protocol.Headers;
import dev.discovery.server.DiscoveryServerApplication;
import dev.discovery.server.TestClients;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The registry application with its saved state: a restart continues where it stopped, and saved state it cannot
 * read, or a location it cannot write, stops it at startup with a message that says what to do.
 */
class SavedStateIntegrationTests {

	@TempDir
	Path dir;

	private ConfigurableApplicationContext start(Path snapshot) {
		return new SpringApplicationBuilder(DiscoveryServerApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.jmx.enabled=false", "--discovery.server.dns.enabled=false",
				"--discovery.server.snapshot.path=" + snapshot);
	}

	@Test
	void aRestartShouldContinueWithTheSameInstancesAndIndex() {
		Path snapshot = this.dir.resolve("state/registry-snapshot.json");
		long index;
		try (ConfigurableApplicationContext registry = start(snapshot)) {
			assertThat(registry.getBean(Registry.class).recovery().restored()).isFalse();
			RestClient http = TestClients.lenient(port(registry));
			put(http, "pay-1");
			put(http, "pay-2");
			index = Long.parseLong(http.delete().uri("/api/v1/services/pay/instances/pay-2").retrieve()
				.toBodilessEntity().getHeaders().getFirst(Headers.INDEX));
		}
		try (ConfigurableApplicationContext registry = start(snapshot)) {
			Registry restarted = registry.getBean(Registry.class);
			assertThat(restarted.recovery().restored()).isTrue();
			assertThat(restarted.index()).isEqualTo(index);
			String body = TestClients.lenient(port(registry)).get().uri("/api/v1/services/pay/instances").retrieve()
				.body(String.class);
			assertThat(body).contains("pay-1").doesNotContain("pay-2");
		}
	}

	@Test
	void unreadableSavedStateShouldStopTheStartNamingTheFileAndTheWayOut() throws IOException {
		Path snapshot = Files.writeString(this.dir.resolve("registry-snapshot.json"), "{\"format\":2,\"instances\":");
		assertThatException().isThrownBy(() -> start(snapshot))
			.withStackTraceContaining(snapshot.toString())
			.withStackTraceContaining("discovery.server.snapshot.on-unreadable=start-empty");
		assertThat(Files.readString(snapshot)).isEqualTo("{\"format\":2,\"instances\":");
	}

	@Test
	void anUnwritableLocationShouldStopTheStart() throws IOException {
		Path file = Files.writeString(this.dir.resolve("file"), "x");
		assertThatException().isThrownBy(() -> start(file.resolve("registry-snapshot.json")))
			.withStackTraceContaining("Cannot write the registry's saved state in " + file)
			.withStackTraceContaining("discovery.server.snapshot.path");
	}

	private static void put(RestClient http, String id) {
		http.put().uri("/api/v1/services/pay/instances/" + id).contentType(MediaType.APPLICATION_JSON)
			.body("{\"host\":\"10.0.0.1\",\"port\":8080}").retrieve().toBodilessEntity();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
