package dev.discovery.server.connector;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * The attack of issue 12: 230 connections from one address, each sending a request header and then its body a byte
 * a second. Other clients' heartbeats, registrations and {@code /health/live} must keep succeeding throughout, the
 * attacker's requests must change nothing, and a request answered before its body arrived must close its
 * connection rather than wait for the rest.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.dns.enabled=false", "discovery.server.xds.enabled=false",
				"discovery.server.connector.request-timeout=3s",
				"discovery.server.connector.max-requests-per-address=16" })
class SlowBodyAttackIntegrationTests {

	private static final int ATTACK_CONNECTIONS = 230;

	private static final Duration ATTACK = Duration.ofSeconds(12);

	/** Below the registry's instances-per-service limit (5,000), which a quiet machine reaches within the attack. */
	private static final int MAX_REGISTRATIONS = 1_000;

	private static final String BODY = "{\"host\":\"10.0.0.1\",\"port\":8080,\"leaseTtl\":\"2m\"}";

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Autowired
	MeterRegistry meters;

	private final ExecutorService attacker = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() throws InterruptedException {
		this.attacker.shutdownNow();
		this.attacker.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void slowBodiesFromOneAddressShouldNotStarveOtherClients() throws Exception {
		AttackClients clients = new AttackClients(this.port);
		assertThat(clients.send("PUT", "/api/v1/services/billing/instances/billing-1", BODY)).isEqualTo(201);
		long index = this.registry.index();
		AtomicBoolean attacking = new AtomicBoolean(true);
		Future<Integer> attack = this.attacker.submit(() -> trickle(clients, attacking));
		List<String> failures = new ArrayList<>();
		List<Long> latencies = new ArrayList<>();
		int registered = 0;
		try {
			Thread.sleep(2000);
			long end = System.nanoTime() + ATTACK.toNanos();
			while (System.nanoTime() < end) {
				timed(clients, "PUT", "/api/v1/services/billing/instances/billing-1/heartbeat", null, 200, failures,
						latencies);
				timed(clients, "GET", "/health/live", null, 200, failures, latencies);
				if (registered < MAX_REGISTRATIONS) {
					registered++;
					timed(clients, "PUT", "/api/v1/services/billing/instances/extra-" + registered, BODY, 201,
							failures, latencies);
				}
			}
		}
		finally {
			attacking.set(false);
		}
		int connections = attack.get(30, TimeUnit.SECONDS);
		latencies.sort(null);
		System.out.printf("slow-body attack: %d attacking connections opened; other client: %d requests, "
				+ "p50 %d ms, max %d ms%n", connections, latencies.size(), latencies.get(latencies.size() / 2),
				latencies.get(latencies.size() - 1));
		assertThat(failures).as("the other client's requests during the attack").isEmpty();
		assertThat(connections).isGreaterThanOrEqualTo(ATTACK_CONNECTIONS);
		assertThat(this.registry.index()).as("only the other client's registrations changed the registry")
			.isEqualTo(index + registered);
		assertThat(this.registry.instanceCount()).isEqualTo(1 + registered);
		assertThat(refused("address-requests")).isPositive();
		assertThat(refused("request-timeout")).isPositive();
	}

	@Test
	void earlyAnswerShouldCloseTheConnectionInsteadOfDrainingTheBody() throws Exception {
		AttackClients clients = new AttackClients(this.port);
		Socket socket = clients.connect();
		assertThat(socket).isNotNull();
		try {
			// Over the 64 KiB body limit: answered 413 from the header alone.
			AttackClients.write(socket, "PUT /api/v1/services/big/instances/big-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{");
			await("the connection closed while the body is still coming").atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					try {
						AttackClients.write(socket, " ");
					}
					catch (IOException ex) {
						return true;
					}
					return AttackClients.closedByServer(socket);
				});
		}
		finally {
			AttackClients.close(socket);
		}
		assertThat(refused("unread-body")).isPositive();
		assertThat(this.registry.instanceCount()).isZero();
	}

	/**
	 * Keeps {@link #ATTACK_CONNECTIONS} connections trickling: each sends a registration's header, then one byte of
	 * its body a second; a connection the server closes is opened again.
	 * @return how many connections were opened in all
	 */
	private int trickle(AttackClients clients, AtomicBoolean attacking) throws InterruptedException {
		Socket[] sockets = new Socket[ATTACK_CONNECTIONS];
		int opened = 0;
		try {
			while (attacking.get()) {
				for (int i = 0; i < sockets.length && attacking.get(); i++) {
					if (sockets[i] == null || !send(sockets[i], " ")) {
						if (sockets[i] != null) {
							AttackClients.close(sockets[i]);
						}
						sockets[i] = clients.connect();
						if (sockets[i] != null) {
							opened++;
							send(sockets[i], "PUT /api/v1/services/slow/instances/slow-" + i + " HTTP/1.1\r\n"
									+ "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
						}
					}
				}
				Thread.sleep(1000);
			}
			return opened;
		}
		finally {
			for (Socket socket : sockets) {
				if (socket != null) {
					AttackClients.close(socket);
				}
			}
		}
	}

	private static boolean send(Socket socket, String text) {
		try {
			if (AttackClients.closedByServer(socket)) {
				return false;
			}
			AttackClients.write(socket, text);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void timed(AttackClients clients, String method, String path, String body, int expected,
			List<String> failures, List<Long> latencies) {
		long start = System.nanoTime();
		int status = clients.send(method, path, body);
		latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		if (status != expected) {
			failures.add(method + " " + path + " -> " + status + " " + clients.lastFailure);
		}
	}

	private double refused(String reason) {
		return this.meters.get("discovery.http.refused").tag("reason", reason).counter().count();
	}

}
