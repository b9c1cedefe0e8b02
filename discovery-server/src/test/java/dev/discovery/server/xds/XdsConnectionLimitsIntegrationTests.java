package dev.discovery.server.xds;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.discovery.server.connector.AttackClients;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections to the xDS port that complete the HTTP/2 handshake and then sit there: gRPC keeps each until its
 * keep-alive or idle timeout, so one client could open them until the registry ran out of file descriptors (the
 * HTTP port's acceptor then failed with "Too many open files"). One address gets its share, the port its total, and
 * the rest are closed at once; well-behaved xDS clients are still served.
 */
@SpringBootTest(properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
		"discovery.server.xds.max-connections-per-address=20", "discovery.server.xds.max-connections=30" })
class XdsConnectionLimitsIntegrationTests {

	/** The client preface and an empty SETTINGS frame: a handshake gRPC accepts. */
	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0"
		.getBytes(StandardCharsets.ISO_8859_1);

	@Autowired
	XdsServer xds;

	@Autowired
	Registry registry;

	@Autowired
	MeterRegistry meters;

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void close() {
		this.sockets.forEach(AttackClients::close);
	}

	@Test
	void connectionsOverTheAddressAndTotalLimitsShouldBeClosedAtOnce() throws Exception {
		this.registry.register("limited", "limited-1", XdsLimitsIntegrationTests.ttl(9000));
		List<Socket> first = connect("127.0.0.2", 100);
		await("connections over one address's limit closed").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> open(first) == 20);
		try (AdsStream stream = AdsStream.open(this.xds.port())) {
			stream.request(XdsIntegrationTests.LDS, List.of("limited"), "", "");
			DiscoveryResponse listeners = (DiscoveryResponse) stream.next(XdsIntegrationTests.LDS, Duration.ofSeconds(60));
			assertThat(listeners.getResourcesCount()).isEqualTo(1);
		}
		await("the xDS client's connection closed").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.meters.get("discovery.xds.connections").gauge().value() == 20);
		List<Socket> second = connect("127.0.0.3", 20);
		await("connections over the port's total closed").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> open(first) + open(second) == 30);
		assertThat(open(first)).as("the first address keeps its connections").isEqualTo(20);
		assertThat(this.meters.get("discovery.xds.refused").tag("reason", "address-connections").counter().count())
			.isGreaterThanOrEqualTo(80);
		assertThat(this.meters.get("discovery.xds.refused").tag("reason", "connections").counter().count())
			.isGreaterThanOrEqualTo(10);
		first.forEach(AttackClients::close);
		await("the closed connections noticed").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.meters.get("discovery.xds.connections").gauge().value() == 10);
		List<Socket> again = connect("127.0.0.2", 10);
		await("closed connections give their places back").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> open(again) == 10);
	}

	private List<Socket> connect(String from, int count) throws IOException {
		List<Socket> opened = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Socket socket = new Socket();
			this.sockets.add(socket);
			socket.bind(new InetSocketAddress(from, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", this.xds.port()), 5000);
			try {
				socket.getOutputStream().write(PREFACE);
			}
			catch (IOException ex) {
				// Closed before the preface went out: counted as closed below.
			}
			opened.add(socket);
		}
		return opened;
	}

	private static long open(List<Socket> sockets) {
		return sockets.stream().filter((socket) -> !AttackClients.closedByServer(socket)).count();
	}

}
