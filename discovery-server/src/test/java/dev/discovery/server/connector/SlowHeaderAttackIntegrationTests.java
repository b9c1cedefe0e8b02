package dev.discovery.server.connector;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slowloris: connections that send a request header a byte at a time, each byte well within Tomcat's connection
 * timeout (which starts again with every byte), so only the request deadline can end them. Every one must be closed
 * by the server soon after {@code request-timeout}, long before the connection timeout, and change nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.dns.enabled=false", "discovery.server.xds.enabled=false",
				"discovery.server.connector.request-timeout=3s", "server.tomcat.connection-timeout=60s" })
class SlowHeaderAttackIntegrationTests {

	private static final int ATTACK_CONNECTIONS = 20;

	/** Far past the 3 s deadline, far before the 60 s connection timeout. */
	private static final long GIVE_UP_NANOS = 30_000_000_000L;

	private static final byte[] HEADER = ("PUT /api/v1/services/billing/instances/billing-2 HTTP/1.1\r\nHost: registry\r\n"
			+ "X-Padding: 0123456789\r\n".repeat(200)).getBytes(StandardCharsets.ISO_8859_1);

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	private final List<Socket> attack = new ArrayList<>();

	@AfterEach
	void stop() {
		this.attack.forEach(AttackClients::close);
	}

	@Test
	void headersTrickledAByteAtATimeShouldBeClosedAtTheRequestDeadline() throws Exception {
		AttackClients clients = new AttackClients(this.port);
		long index = this.registry.index();
		for (int i = 0; i < ATTACK_CONNECTIONS; i++) {
			Socket socket = clients.connect();
			assertThat(socket).as("attack connection %d", i).isNotNull();
			this.attack.add(socket);
		}
		long start = System.nanoTime();
		int sent = 0;
		List<Socket> open = new ArrayList<>(this.attack);
		while (!open.isEmpty() && System.nanoTime() - start < GIVE_UP_NANOS && sent < HEADER.length) {
			for (Socket socket : List.copyOf(open)) {
				if (AttackClients.closedByServer(socket) || !trickle(socket, HEADER[sent])) {
					open.remove(socket);
				}
			}
			sent++;
			Thread.sleep(250);
		}
		assertThat(open).as("connections still open after %d header bytes each over %d s", sent,
				(System.nanoTime() - start) / 1_000_000_000L)
			.isEmpty();
		assertThat(clients.send("GET", "/health/live", null)).isEqualTo(200);
		assertThat(this.registry.index()).isEqualTo(index);
	}

	private static boolean trickle(Socket socket, byte b) {
		try {
			socket.getOutputStream().write(b);
			socket.getOutputStream().flush();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
