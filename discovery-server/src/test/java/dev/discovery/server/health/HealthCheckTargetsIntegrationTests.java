package dev.discovery.server.health;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.AbstractRegistryHttpTests;
import dev.discovery.server.MutableClock;
import dev.discovery.server.TestClock;
import dev.discovery.server.registry.Registrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health-check attack of issue 12: checks went wherever a registration pointed (cloud metadata, link-local, the
 * registry itself) and showed what they found; a TCP check was a port scanner. Here the registry binds every
 * interface (so its own host, loopback included, is off limits) and allows 127.0.0.1 explicitly, as an operator
 * would for instances on its host: forbidden targets are refused at registration (422) and again at check time, and
 * the output shows outcomes, never what the target sent.
 */
@Import(TestClock.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.lease.eviction-interval=1h", "discovery.server.health.tick=1h",
		"discovery.server.protection.enabled=false", "discovery.server.health.targets.allow=127.0.0.1/32" })
class HealthCheckTargetsIntegrationTests extends AbstractRegistryHttpTests {

	@Autowired
	HealthChecker checker;

	@Autowired
	MutableClock clock;

	@BeforeEach
	void setUp() {
		this.checker.setRandom(() -> 0L);
	}

	@Test
	void registrationsWhoseChecksTargetForbiddenAddressesShouldBeRefusedAndChangeNothing() {
		Map<String, String> refused = Map.of("169.254.169.254", "denied range (169.254.0.0/16)", "fe80::1",
				"denied range (fe80::/10)", "0.0.0.0", "outside the allowed ranges", "127.0.0.2",
				"outside the allowed ranges", "10.0.0.1", "outside the allowed ranges");
		for (String type : List.of("HTTP", "TCP")) {
			refused.forEach((host, reason) -> assertRefused(type, host, 8080, reason));
			// The registry itself, by address and by name, whatever the allowed ranges say.
			assertRefused(type, "127.0.0.1", this.port, "is the registry itself");
			assertRefused(type, "localhost", this.port, "is the registry itself");
		}
		// An instance without a registry-side check is never connected to: its address is its own business.
		assertThat(register("TTL", "169.254.169.254", 80).getStatusCode().value()).isEqualTo(201);
	}

	@Test
	void checksShouldNotReachForbiddenAddressesWhateverTheRegistryHolds() throws Exception {
		try (RawServer forbidden = new RawServer("127.0.0.2", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
			// As if loaded from saved state written under other rules: the check itself must refuse.
			for (HealthCheckType type : List.of(HealthCheckType.HTTP, HealthCheckType.TCP)) {
				this.registry.register("scan", "scan-" + type.name().toLowerCase(), Registrations.spec(
						new InstanceRegistration("127.0.0.2", forbidden.port(), false, Map.of(), null, null, null, null,
								new HealthCheckSpec(type, null, "5s", "1s", 1, 1, "1m"), null)));
			}
			this.checker.runDueChecks().join();
			assertThat(forbidden.connections()).isZero();
			assertThat(this.registry.instances("scan", false)).hasSize(2).allSatisfy((instance) -> assertThat(
					instance.healthOutput()).contains("not checked, 127.0.0.2 is outside the allowed ranges"));
			assertThat(this.registry.instances("scan", true)).isEmpty();
		}
	}

	@Test
	void healthOutputShouldShowTheOutcomeNeverWhatTheTargetSent() throws Exception {
		String secret = "s3cr3t-169-254";
		Map<String, String> answers = Map.of(
				"HTTP/1.1 503 Service Unavailable\r\nX-Token: " + secret + "\r\nContent-Length: 14\r\n\r\n" + secret,
				": HTTP 503",
				"SSH-2.0-OpenSSH_" + secret + "\r\n", ": not an HTTP answer",
				"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/" + secret + "\r\nContent-Length: 0\r\n\r\n",
				": HTTP 302, redirect off the host not followed");
		for (Map.Entry<String, String> answer : answers.entrySet()) {
			try (RawServer server = new RawServer("127.0.0.1", answer.getKey())) {
				assertThat(register("HTTP", "127.0.0.1", server.port()).getStatusCode().value()).isEqualTo(201);
				this.clock.advance(Duration.ofSeconds(5));
				this.checker.runDueChecks().join();
				String output = this.registry.instance("pay", "pay-1").healthOutput();
				assertThat(output).isEqualTo("GET http://127.0.0.1:" + server.port() + "/health/ready" + answer.getValue())
					.doesNotContain(secret);
				this.registry.deregister("pay", "pay-1");
			}
		}
	}

	@Test
	void checkShouldGoToTheRegisteredAddressWhateverElseTheRegistrationNames() throws Exception {
		try (RawServer own = new RawServer("127.0.0.1", "HTTP/1.1 204 No Content\r\n\r\n")) {
			String body = "{\"host\":\"127.0.0.1\",\"port\":" + own.port() + ",\"healthCheck\":{\"type\":\"HTTP\","
					+ "\"path\":\"/@169.254.169.254/latest\",\"http\":\"http://169.254.169.254/latest\","
					+ "\"url\":\"http://169.254.169.254/\",\"host\":\"169.254.169.254\"}}";
			assertThat(this.http.put().uri("/api/v1/services/pay/instances/pay-1").contentType(MediaType.APPLICATION_JSON)
				.body(body).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(201);
			this.clock.advance(Duration.ofSeconds(5));
			this.checker.runDueChecks().join();
			assertThat(own.connections()).isEqualTo(1);
			assertThat(this.registry.instance("pay", "pay-1").healthOutput())
				.isEqualTo("GET http://127.0.0.1:" + own.port() + "/@169.254.169.254/latest: HTTP 204");
		}
	}

	private void assertRefused(String type, String host, int port, String reason) {
		long index = this.registry.index();
		ResponseEntity<Map<String, Object>> response = register(type, host, port);
		assertThat(response.getStatusCode().value()).as("%s check of %s:%d", type, host, port).isEqualTo(422);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) response.getBody().get("detail")).as("%s check of %s", type, host).contains(reason);
		assertThat(this.registry.index()).isEqualTo(index);
	}

	private ResponseEntity<Map<String, Object>> register(String type, String host, int port) {
		return this.http.put()
			.uri("/api/v1/services/pay/instances/pay-1")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"host\":\"" + host + "\",\"port\":" + port + ",\"healthCheck\":{\"type\":\"" + type
					+ "\",\"failureThreshold\":1}}")
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
	}

	/** A TCP server that writes one canned answer to every connection and counts them. */
	static final class RawServer implements AutoCloseable {

		private final ServerSocket socket;

		private final AtomicInteger connections = new AtomicInteger();

		RawServer(String address, String answer) throws IOException {
			this.socket = new ServerSocket();
			this.socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
			Thread thread = new Thread(() -> serve(answer.getBytes(StandardCharsets.ISO_8859_1)), "raw-server");
			thread.setDaemon(true);
			thread.start();
		}

		private void serve(byte[] answer) {
			while (!this.socket.isClosed()) {
				try (Socket client = this.socket.accept()) {
					this.connections.incrementAndGet();
					client.setSoTimeout(2000);
					// Read the request's first bytes (if any) so the answer is not a reset.
					client.getInputStream().read(new byte[4096]);
					OutputStream out = client.getOutputStream();
					out.write(answer);
					out.flush();
				}
				catch (IOException ex) {
					// Closed, or the client went away: serve the next one.
				}
			}
		}

		int port() {
			return this.socket.getLocalPort();
		}

		int connections() {
			return this.connections.get();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
