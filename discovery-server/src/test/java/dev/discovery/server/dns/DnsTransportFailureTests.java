package dev.discovery.server.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults inside the DNS transports' own threads: a failure must neither end the thread that serves every client nor
 * make it spin. Each transport runs on a socket that fails the way the operating system or the JVM can make it fail,
 * then recovers; a real query must be answered afterwards.
 */
class DnsTransportFailureTests {

	private final TestDnsServer dns = new TestDnsServer();

	private final DnsProperties properties = new DnsProperties();

	private UdpTransport udp;

	private TcpTransport tcp;

	@AfterEach
	void stop() {
		if (this.udp != null) {
			this.udp.stop();
		}
		if (this.tcp != null) {
			this.tcp.stop();
		}
		this.dns.close();
	}

	@Test
	void failingAcceptShouldBackOffAndConnectionsShouldBeTakenOnceItRecovers() throws Exception {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		FailingServerSocket server = new FailingServerSocket();
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.tcp = new TcpTransport(server, responder(), this.properties);
		this.tcp.start();
		Thread.sleep(1000);
		// Out of file descriptors, accept() fails at once, every time. A loop that retried at once would have
		// called it hundreds of thousands of times in this second; backing off from 10 ms to 1 s, about eight.
		int failedInOneSecond = server.accepts.get();
		assertThat(failedInOneSecond).isBetween(1, 20);
		server.failing.set(false);
		SimpleResolver resolver = resolver(server.getLocalPort(), true);
		assertThat(DnsServerTests.addresses(TestDnsServer.query(resolver, "payment.service.discovery.", Type.A)))
			.containsExactly("10.0.1.5");
	}

	@Test
	void anErrorWhileServingOnePacketShouldNotEndTheUdpThread() throws Exception {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		ErringDatagramSocket socket = new ErringDatagramSocket();
		this.udp = new UdpTransport(socket, responder(), new ResponseRateLimiter(0, 0, System::nanoTime), 1);
		this.udp.start();
		// The one serving thread meets an OutOfMemoryError on its first packet; the next query must still be answered.
		SimpleResolver resolver = resolver(socket.getLocalPort(), false);
		assertThat(DnsServerTests.addresses(TestDnsServer.query(resolver, "payment.service.discovery.", Type.A)))
			.containsExactly("10.0.1.5");
		assertThat(socket.erred).isTrue();
	}

	private DnsResponder responder() {
		return DnsConfiguration.responder(this.dns.registry, this.properties, null);
	}

	private static SimpleResolver resolver(int port, boolean tcp) {
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
		resolver.setTCP(tcp);
		resolver.setTimeout(Duration.ofSeconds(5));
		return resolver;
	}

	/** A listening socket whose accept() fails as it does when the process has no file descriptor left. */
	private static final class FailingServerSocket extends ServerSocket {

		final AtomicBoolean failing = new AtomicBoolean(true);

		final AtomicInteger accepts = new AtomicInteger();

		FailingServerSocket() throws IOException {
		}

		@Override
		public Socket accept() throws IOException {
			if (this.failing.get()) {
				this.accepts.incrementAndGet();
				throw new SocketException("Too many open files");
			}
			return super.accept();
		}

	}

	/** A datagram socket whose first receive ends in an Error, as an allocation can. */
	private static final class ErringDatagramSocket extends DatagramSocket {

		volatile boolean erred;

		ErringDatagramSocket() throws SocketException {
			super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		}

		@Override
		public synchronized void receive(DatagramPacket packet) throws IOException {
			if (!this.erred) {
				this.erred = true;
				throw new OutOfMemoryError("Java heap space (injected)");
			}
			super.receive(packet);
		}

	}

}
