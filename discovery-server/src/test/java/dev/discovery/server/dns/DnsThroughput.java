package dev.discovery.server.dns;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Measures the DNS interface over UDP on this machine: closed-loop clients, each sending one query and waiting for
 * its answer, for a bounded number of queries. Not a test; run it by hand (see docs/dns.md):
 * {@code java -cp <test classpath> dev.discovery.server.dns.DnsThroughput [clients] [queriesPerClient]}.
 */
public final class DnsThroughput {

	private DnsThroughput() {
	}

	public static void main(String[] args) throws Exception {
		int clients = (args.length > 0) ? Integer.parseInt(args[0]) : 4;
		int perClient = (args.length > 1) ? Integer.parseInt(args[1]) : 50_000;
		try (TestDnsServer dns = new TestDnsServer()) {
			for (int i = 1; i <= 100; i++) {
				dns.register("payment", "payment-" + i, "10.0.5." + i, 8080);
			}
			for (int i = 1; i <= 3; i++) {
				dns.register("orders", "orders-" + i, "10.0.6." + i, 8080);
			}
			// Warm up, then measure, against the ceiling of a UDP echo with the same two threads.
			run(dns.port(), clients, perClient / 5, "orders.service.discovery.", Type.A);
			try (DatagramSocket echo = echo()) {
				run(echo.getLocalPort(), clients, perClient / 5, "orders.service.discovery.", Type.A);
				report("ceiling: UDP echo, same threads", run(echo.getLocalPort(), clients, perClient,
						"orders.service.discovery.", Type.A));
			}
			report("A, 3 instances", run(dns.port(), clients, perClient, "orders.service.discovery.", Type.A));
			report("SRV, 3 instances", run(dns.port(), clients, perClient, "_orders._tcp.service.discovery.", Type.SRV));
			report("A, 100 instances (truncated at 512 bytes)",
					run(dns.port(), clients, perClient, "payment.service.discovery.", Type.A));
		}
	}

	private static DatagramSocket echo() throws Exception {
		DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
		for (int i = 0; i < 2; i++) {
			Thread thread = new Thread(() -> {
				DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
				while (!socket.isClosed()) {
					try {
						packet.setLength(4096);
						socket.receive(packet);
						socket.send(packet);
					}
					catch (java.io.IOException ex) {
						// Closed at the end of the run.
					}
				}
			});
			thread.setDaemon(true);
			thread.start();
		}
		return socket;
	}

	private static long[] run(int port, int clients, int perClient, String name, int type) throws Exception {
		byte[] query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<long[]>> results = new ArrayList<>();
			long start = System.nanoTime();
			for (int c = 0; c < clients; c++) {
				results.add(pool.submit(() -> client(port, query, perClient)));
			}
			long[] all = new long[clients * perClient + 1];
			int n = 0;
			for (Future<long[]> result : results) {
				long[] latencies = result.get();
				System.arraycopy(latencies, 0, all, n, latencies.length);
				n += latencies.length;
			}
			all[all.length - 1] = System.nanoTime() - start;
			return all;
		}
		finally {
			pool.shutdown();
		}
	}

	private static long[] client(int port, byte[] query, int count) throws Exception {
		long[] latencies = new long[count];
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			socket.setSoTimeout(2000);
			socket.connect(new InetSocketAddress("127.0.0.1", port));
			DatagramPacket response = new DatagramPacket(new byte[4096], 4096);
			for (int i = 0; i < count; i++) {
				long sent = System.nanoTime();
				socket.send(new DatagramPacket(query, query.length));
				socket.receive(response);
				latencies[i] = System.nanoTime() - sent;
			}
		}
		return latencies;
	}

	private static void report(String label, long[] run) {
		long elapsed = run[run.length - 1];
		long[] latencies = Arrays.copyOf(run, run.length - 1);
		Arrays.sort(latencies);
		System.out.printf("%-45s %,9.0f queries/s   p50 %6.1f µs   p99 %6.1f µs   max %7.1f µs%n", label,
				latencies.length / (elapsed / 1e9), micros(latencies, 0.50), micros(latencies, 0.99),
				latencies[latencies.length - 1] / 1e3);
	}

	private static double micros(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * quantile))] / 1e3;
	}

}
