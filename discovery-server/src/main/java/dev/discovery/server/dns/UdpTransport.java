package dev.discovery.server.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Serves DNS over UDP with a fixed number of threads, each receiving and answering in turn. Work stays bounded:
 * under overload queries wait in the kernel's socket buffer and the excess is dropped there, as resolvers expect of
 * UDP, and a packet that fails to parse only costs a FORMERR. Queries from an address over its rate are dropped
 * before they are parsed, so one flooding client cannot keep the threads from draining everyone else's queries.
 */
final class UdpTransport {

	private static final Log logger = LogFactory.getLog(UdpTransport.class);

	private static final int MAX_DATAGRAM = 65535;

	private final DatagramSocket socket;

	private final DnsResponder responder;

	private final ResponseRateLimiter limiter;

	private final List<Thread> threads = new ArrayList<>();

	UdpTransport(DatagramSocket socket, DnsResponder responder, ResponseRateLimiter limiter, int threads) {
		this.socket = socket;
		this.responder = responder;
		this.limiter = limiter;
		for (int i = 1; i <= threads; i++) {
			Thread thread = new Thread(this::serve, "dns-udp-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
		}
	}

	void start() {
		this.threads.forEach(Thread::start);
	}

	void stop() {
		this.socket.close();
		for (Thread thread : this.threads) {
			try {
				thread.join(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void serve() {
		byte[] buffer = new byte[MAX_DATAGRAM];
		while (!this.socket.isClosed()) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				this.socket.receive(packet);
				if (!this.limiter.allow(packet.getAddress())) {
					this.responder.metrics().rateLimited();
					continue;
				}
				byte[] query = Arrays.copyOfRange(buffer, packet.getOffset(), packet.getOffset() + packet.getLength());
				answer(query, packet.getAddress(), packet.getSocketAddress());
			}
			catch (IOException ex) {
				if (!this.socket.isClosed()) {
					logger.debug("DNS over UDP: " + ex.getMessage());
				}
			}
			catch (RuntimeException | Error ex) {
				// Whatever one packet does (an OutOfMemoryError or a StackOverflowError included), the thread goes on
				// serving the next: it is one of the few that answer every DNS client.
				logger.warn("DNS over UDP: failed to answer " + packet.getSocketAddress(), ex);
			}
		}
	}

	private void answer(byte[] query, InetAddress address, SocketAddress client) throws IOException {
		byte[] response = this.responder.respond(query, false, (records) -> this.limiter.charge(address, records));
		if (response != null) {
			this.socket.send(new DatagramPacket(response, response.length, client));
		}
	}

}
