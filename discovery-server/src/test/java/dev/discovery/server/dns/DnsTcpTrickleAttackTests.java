package dev.discovery.server.dns;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attack of issue 12: 64 connections to DNS over TCP from one address, each trickling the bytes of a message
 * too slowly to finish it. Other clients' TCP queries must keep being answered, the trickling connections must be
 * closed within the message deadline, and the registry must not change. The attacker sends from 127.0.0.2, the
 * other client from 127.0.0.1 (both loopback).
 */
class DnsTcpTrickleAttackTests {

	private static final String ATTACKER = "127.0.0.2";

	private static final int ATTACK_CONNECTIONS = 64;

	private final TestDnsServer dns = new TestDnsServer((properties) -> {
		properties.setTcpIdleTimeout(Duration.ofSeconds(5));
		properties.setTcpMessageTimeout(Duration.ofSeconds(2));
	});

	private final List<Socket> attack = new ArrayList<>();

	@AfterEach
	void stop() {
		this.attack.forEach(DnsTcpTrickleAttackTests::closeQuietly);
		this.dns.close();
	}

	@Test
	void tricklingConnectionsShouldNeitherLockOutOtherClientsNorStayOpen() throws Exception {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		long index = this.dns.registry.index();
		for (int i = 0; i < ATTACK_CONNECTIONS; i++) {
			Socket socket = connectFrom(ATTACKER);
			// The length prefix promises 512 bytes; the first byte of the message starts its deadline.
			socket.getOutputStream().write(new byte[] { 0x02, 0x00, 0x12 });
			this.attack.add(socket);
		}
		SimpleResolver resolver = this.dns.resolver(true);
		long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
		int answered = 0;
		while (System.nanoTime() < end) {
			trickle();
			assertThat(DnsServerTests.addresses(TestDnsServer.query(resolver, "payment.service.discovery.", Type.A)))
				.as("another client's query over TCP during the attack")
				.containsExactly("10.0.1.5");
			answered++;
			Thread.sleep(500);
		}
		assertThat(answered).isPositive();
		await("every trickling connection closed by the server").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				trickle();
				return this.attack.stream().allMatch(DnsTcpTrickleAttackTests::closedByServer);
			});
		assertThat(counter("discovery.dns.tcp.closed", "address")).as("connections over the address's slots")
			.isPositive();
		assertThat(counter("discovery.dns.tcp.closed", "message-timeout")).as("messages past their deadline")
			.isPositive();
		assertThat(this.dns.registry.index()).isEqualTo(index);
		assertThat(this.dns.registry.instanceCount()).isEqualTo(1);
	}

	/** One more byte on every attacking connection still open, well within the idle timeout. */
	private void trickle() {
		for (Socket socket : this.attack) {
			if (!socket.isClosed()) {
				try {
					socket.getOutputStream().write(0);
				}
				catch (IOException ex) {
					closeQuietly(socket);
				}
			}
		}
	}

	private static boolean closedByServer(Socket socket) {
		if (socket.isClosed()) {
			return true;
		}
		try {
			socket.setSoTimeout(1);
			InputStream in = socket.getInputStream();
			return in.read() < 0;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private Socket connectFrom(String source) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(source, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", this.dns.port()), 2000);
		return socket;
	}

	private double counter(String name, String reason) {
		return this.dns.meters.get(name).tag("reason", reason).counter().count();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// The test is over with it.
		}
	}

}
