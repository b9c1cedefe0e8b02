package dev.discovery.server.connector;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attack of issue 12: thousands of idle connections from one address, scaled down here with the connection limit
 * (300 in all instead of 8,192): 1,000 connections that never send a byte, reopened as the server closes them. The
 * address gets its 100 and no more, other clients' requests keep succeeding, and once the attacker stops reopening
 * them the idle connections are closed after the connection timeout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.dns.enabled=false", "discovery.server.xds.enabled=false",
				"server.tomcat.max-connections=300", "server.tomcat.connection-timeout=20s",
				"discovery.server.connector.max-connections-per-address=100" })
class IdleConnectionFloodIntegrationTests {

	private static final int ATTACK_CONNECTIONS = 1_000;

	private static final String BODY = "{\"host\":\"10.0.0.1\",\"port\":8080,\"leaseTtl\":\"2m\"}";

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Autowired
	MeterRegistry meters;

	private final List<Socket> attack = new ArrayList<>();

	@AfterEach
	void stop() {
		this.attack.stream().filter(java.util.Objects::nonNull).forEach(AttackClients::close);
	}

	@Test
	void idleConnectionsFromOneAddressShouldNotLockOutOtherClients() throws Exception {
		AttackClients clients = new AttackClients(this.port);
		assertThat(clients.send("PUT", "/api/v1/services/billing/instances/billing-1", BODY)).isEqualTo(201);
		long index = this.registry.index();
		for (int i = 0; i < ATTACK_CONNECTIONS; i++) {
			this.attack.add(clients.connect());
		}
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			reopenClosed(clients);
			expect(clients.send("GET", "/health/live", null), 200, "GET /health/live", failures, clients);
			expect(clients.send("PUT", "/api/v1/services/billing/instances/billing-1/heartbeat", null), 200,
					"heartbeat", failures, clients);
		}
		assertThat(failures).as("the other client's requests while the idle connections are open").isEmpty();
		assertThat(this.meters.get("discovery.http.refused").tag("reason", "address-connections").counter().count())
			.as("connections over the address's limit")
			.isGreaterThanOrEqualTo(ATTACK_CONNECTIONS / 2);
		await("idle connections closed by the server").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.attack.stream()
				.allMatch((socket) -> socket == null || AttackClients.closedByServer(socket)));
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.registry.instanceCount()).isEqualTo(1);
	}

	/** Keeps the flood up: every connection the server has closed is opened again. */
	private void reopenClosed(AttackClients clients) {
		for (int i = 0; i < this.attack.size(); i++) {
			Socket socket = this.attack.get(i);
			if (socket == null || AttackClients.closedByServer(socket)) {
				if (socket != null) {
					AttackClients.close(socket);
				}
				this.attack.set(i, clients.connect());
			}
		}
	}

	private static void expect(int status, int expected, String what, List<String> failures,
			AttackClients clients) {
		if (status != expected) {
			failures.add(what + " -> " + status + " " + clients.lastFailure);
		}
	}

}
