package dev.discovery.server.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real HAProxy that finds its backends through the registry's SRV records, as a user would run it: traffic goes
 * to passing instances only, and follows scale-ups, status changes and failures.
 */
class HaproxyIntegrationTests {

	private static final int REQUESTS = 24;

	@TempDir
	Path directory;

	private final Map<String, HttpServer> backends = new HashMap<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Path program;

	private TestDnsServer dns;

	private Process haproxy;

	private int frontendPort;

	@BeforeEach
	void startRegistry() {
		this.program = ExternalPrograms.require("haproxy", "haproxy");
		this.dns = new TestDnsServer();
	}

	private void startHaproxy(String transport, int slots) throws IOException {
		this.frontendPort = freePort();
		Path config = this.directory.resolve("haproxy.cfg");
		String nameserver = transport + "127.0.0.1:" + this.dns.port();
		Files.writeString(config, HaproxyConfig.render(nameserver, this.frontendPort, slots));
		this.haproxy = new ProcessBuilder(this.program.toString(), "-db", "-f", config.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("haproxy.log").toFile())
			.start();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.haproxy != null) {
			this.haproxy.destroy();
			this.haproxy.waitFor();
		}
		this.backends.values().forEach((server) -> server.stop(0));
		if (this.dns != null) {
			this.dns.close();
		}
	}

	@Test
	void readmeConfigurationShouldBeValid() throws Exception {
		Path config = this.directory.resolve("readme.cfg");
		Files.writeString(config, HaproxyConfig.README);
		Process check = new ProcessBuilder(this.program.toString(), "-c", "-f", config.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(check.waitFor()).as(output).isZero();
	}

	@ParameterizedTest(name = "nameserver {0}127.0.0.1")
	@ValueSource(strings = { "tcp@", "" })
	void trafficShouldFollowTheRegistry(String transport) throws IOException {
		startHaproxy(transport, 5);
		startAndRegister("payment-1");
		startAndRegister("payment-2");
		awaitTrafficOnlyTo("payment-1", "payment-2");

		startAndRegister("payment-3");
		awaitTrafficOnlyTo("payment-1", "payment-2", "payment-3");

		this.dns.registry.setStatus("payment-service", "payment-2", InstanceStatus.OUT_OF_SERVICE);
		awaitTrafficOnlyTo("payment-1", "payment-3");

		// An instance dies: the registry's health check sees it fail.
		this.backends.remove("payment-1").stop(0);
		this.dns.registry.setHealth("payment-service", "payment-1", HealthState.CRITICAL, "connection refused");
		awaitTrafficOnlyTo("payment-3");

		this.dns.registry.setStatus("payment-service", "payment-2", InstanceStatus.UP);
		this.dns.registry.deregister("payment-service", "payment-3");
		awaitTrafficOnlyTo("payment-2");
	}

	@Test
	void servicesTooLargeForUdpShouldBeFoundOverTcp() throws IOException {
		String[] instances = new String[30];
		for (int i = 0; i < instances.length; i++) {
			instances[i] = "payment-" + (i + 1);
			startAndRegister(instances[i]);
		}
		startHaproxy("tcp@", 40);
		awaitTrafficOnlyTo(2 * instances.length, instances);
	}

	/** Waits until a round of requests all succeed and reach exactly the given instances. */
	private void awaitTrafficOnlyTo(String... instances) {
		awaitTrafficOnlyTo(REQUESTS, instances);
	}

	private void awaitTrafficOnlyTo(int requests, String... instances) {
		// HAProxy binds its frontend a moment after it starts: until then connections are refused.
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(IOException.class)
			.untilAsserted(() -> assertThat(round(requests)).as(this::haproxyLog).containsExactlyInAnyOrder(instances));
	}

	private String haproxyLog() {
		try {
			return "HAProxy's output:\n" + Files.readString(this.directory.resolve("haproxy.log"));
		}
		catch (IOException ex) {
			return "HAProxy's output is unreadable: " + ex.getMessage();
		}
	}

	private Set<String> round(int requests) throws IOException, InterruptedException {
		Set<String> reached = new HashSet<>();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.frontendPort + "/"))
			.timeout(Duration.ofSeconds(2))
			.build();
		for (int i = 0; i < requests; i++) {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			reached.add(response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode());
		}
		return reached;
	}

	private void startAndRegister(String id) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		byte[] body = id.getBytes(StandardCharsets.UTF_8);
		server.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		this.backends.put(id, server);
		this.dns.register("payment-service", id, "127.0.0.1", server.getAddress().getPort());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
