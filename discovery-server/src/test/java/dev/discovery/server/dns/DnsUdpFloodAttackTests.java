package dev.discovery.server.dns;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack of issue 12: a flood of UDP queries for a large service from one address. Other clients' queries must
 * keep being answered (response rate limiting drops the flood's before they cost an answer), the drops must be
 * counted, and the registry must not change. The flood comes from 127.0.0.2, the other client asks from 127.0.0.1.
 */
class DnsUdpFloodAttackTests {

	private static final String ATTACKER = "127.0.0.2";

	/** Bounds the attack in count as well as in time. */
	private static final int MAX_FLOOD_PACKETS = 600_000;

	/**
	 * Queries per second of the flood, from each of two threads: more than the interface can answer for this
	 * service, less than it can receive and drop (an unpaced flood from the same two cores would measure the
	 * kernel, not the registry).
	 */
	private static final int FLOOD_RATE = 500;

	private static final int LEGITIMATE_QUERIES = 100;

	/** The defaults: 100 answers a second per address, 200 at once. */
	private final TestDnsServer dns = new TestDnsServer((properties) -> {
	});

	private final ExecutorService flooders = Executors.newFixedThreadPool(2);

	@AfterEach
	void stop() throws InterruptedException {
		this.flooders.shutdownNow();
		this.flooders.awaitTermination(10, TimeUnit.SECONDS);
		this.dns.close();
	}

	@Test
	void floodFromOneAddressShouldNotDropOtherClientsQueries() throws Exception {
		for (int i = 1; i <= 5000; i++) {
			this.dns.register("catalog", "catalog-" + i, "10.1." + (i / 250) + "." + (i % 250 + 1), 8080);
		}
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		long index = this.dns.registry.index();
		byte[] flood = Message
			.newQuery(Record.newRecord(Name.fromString("_catalog._tcp.service.discovery."), Type.SRV, DClass.IN))
			.toWire();
		AtomicBoolean attacking = new AtomicBoolean(true);
		Future<Integer> one = this.flooders.submit(() -> flood(flood, attacking));
		Future<Integer> two = this.flooders.submit(() -> flood(flood, attacking));
		int answered = 0;
		try {
			Thread.sleep(300);
			for (int i = 0; i < LEGITIMATE_QUERIES; i++) {
				if (ask()) {
					answered++;
				}
				Thread.sleep(20);
			}
		}
		finally {
			attacking.set(false);
		}
		int sent = one.get(30, TimeUnit.SECONDS) + two.get(30, TimeUnit.SECONDS);
		assertThat(sent).as("flood queries sent").isGreaterThan(200);
		assertThat(answered).as("the other client's queries answered during the flood (of %d)", LEGITIMATE_QUERIES)
			.isGreaterThanOrEqualTo(LEGITIMATE_QUERIES * 95 / 100);
		assertThat(this.dns.meters.get("discovery.dns.rate-limited").counter().count()).as("dropped flood queries")
			.isPositive();
		assertThat(this.dns.registry.index()).isEqualTo(index);
		assertThat(this.dns.registry.instanceCount()).isEqualTo(5001);
	}

	/** One try, waiting a second for the answer: on loopback an answer that does not come by then was dropped. */
	private boolean ask() throws Exception {
		byte[] query = Message
			.newQuery(Record.newRecord(Name.fromString("payment.service.discovery."), Type.A, DClass.IN))
			.toWire();
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			socket.setSoTimeout(1000);
			DatagramPacket response = new DatagramPacket(new byte[4096], 4096);
			socket.send(new DatagramPacket(query, query.length, new InetSocketAddress("127.0.0.1", this.dns.port())));
			try {
				socket.receive(response);
				return DnsServerTests.addresses(new Message(response.getData())).contains("10.0.1.5");
			}
			catch (java.net.SocketTimeoutException ex) {
				return false;
			}
		}
	}

	private int flood(byte[] query, AtomicBoolean attacking) throws Exception {
		long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ATTACKER, 0))) {
			DatagramPacket packet = new DatagramPacket(query, query.length,
					new InetSocketAddress("127.0.0.1", this.dns.port()));
			long start = System.nanoTime();
			int sent = 0;
			while (sent < MAX_FLOOD_PACKETS / 2 && attacking.get() && System.nanoTime() < end) {
				long due = (System.nanoTime() - start) * FLOOD_RATE / 1_000_000_000L;
				if (sent >= due) {
					LockSupport.parkNanos(1_000_000);
					continue;
				}
				socket.send(packet);
				sent++;
			}
			return sent;
		}
	}

}
