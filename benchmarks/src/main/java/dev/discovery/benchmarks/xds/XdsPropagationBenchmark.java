package dev.discovery.benchmarks.xds;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import dev.discovery.benchmarks.load.ServerProcess;

/**
 * Change → applied delay for xDS clients: N ADS streams (one gRPC connection each) subscribe to the endpoints of one
 * service and acknowledge every response, as Envoy and gRPC do; each round re-registers its instance on another port
 * and takes, for every client, the time from sending the {@code PUT} to that client holding endpoints with the new
 * port. {@code benchmarks/run} runs it next to the watch-stream figure; on its own:
 * {@code java -cp ... dev.discovery.benchmarks.xds.XdsPropagationBenchmark [--clients=100] [--rounds=50]}.
 */
public final class XdsPropagationBenchmark {

	/**
	 * The delays measured, in milliseconds.
	 *
	 * @param clients open ADS streams
	 * @param samples delays measured
	 * @param p50 median
	 * @param p99 99th percentile
	 * @param max largest
	 */
	public record Row(int clients, int samples, double p50, double p99, double max) {
	}

	static final String SERVICE = "bench-xds";

	private static final int WARM_UP_ROUNDS = 20;

	private static final int FIRST_PORT = 20000;

	private final ServerProcess registry;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private int nextPort = FIRST_PORT;

	private XdsPropagationBenchmark(ServerProcess registry) {
		this.registry = registry;
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(option(args, "server-jar", "discovery-server/target/discovery-server.jar"));
		int clients = Integer.parseInt(option(args, "clients", "100"));
		int rounds = Integer.parseInt(option(args, "rounds", "50"));
		try (ServerProcess registry = ServerProcess.start(jar, List.of("-Xmx512m"), Path.of("target/bench-xds.log"))) {
			Row row = run(registry, clients, rounds);
			System.out.printf(Locale.ROOT, "| %d xDS clients | %d samples | p50 %.2f ms | p99 %.2f ms | max %.2f ms |%n",
					row.clients(), row.samples(), row.p50(), row.p99(), row.max());
		}
	}

	/**
	 * Opens the clients, warms up, and measures.
	 * @param registry a running registry
	 * @param clients ADS streams to open
	 * @param rounds changes measured
	 * @return what was measured
	 * @throws Exception if the registry fails
	 */
	public static Row run(ServerProcess registry, int clients, int rounds) throws Exception {
		XdsPropagationBenchmark benchmark = new XdsPropagationBenchmark(registry);
		benchmark.register();
		List<AdsClient> open = new ArrayList<>(clients);
		try {
			for (int i = 0; i < clients; i++) {
				open.add(new AdsClient(registry.xdsPort(), "bench-client-" + i, SERVICE));
			}
			int first = benchmark.nextPort - 1;
			await(Duration.ofSeconds(120), () -> open.stream().allMatch((c) -> c.arrivedAt(first) != null));
			benchmark.measure(open, WARM_UP_ROUNDS);
			return benchmark.measure(open, rounds);
		}
		finally {
			open.forEach(AdsClient::close);
		}
	}

	private Row measure(List<AdsClient> clients, int rounds) throws Exception {
		List<Long> delays = new ArrayList<>(clients.size() * rounds);
		for (int round = 0; round < rounds; round++) {
			long sent = System.nanoTime();
			int port = register();
			await(Duration.ofSeconds(30), () -> clients.stream().allMatch((c) -> c.arrivedAt(port) != null));
			clients.forEach((c) -> delays.add(c.arrivedAt(port) - sent));
			Thread.sleep(20);
		}
		Collections.sort(delays);
		return new Row(clients.size(), delays.size(), millis(delays, 0.50), millis(delays, 0.99),
				delays.get(delays.size() - 1) / 1e6);
	}

	/** Re-registers the instance on the next port: a change to its endpoints. TTL-checked, so nothing probes it. */
	private int register() throws Exception {
		int port = this.nextPort++;
		String body = "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"healthCheck\":{\"type\":\"TTL\"},\"leaseTtl\":\"5m\"}";
		int status = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.registry.port() + "/api/v1/services/" + SERVICE
					+ "/instances/" + SERVICE + "-1"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), BodyHandlers.discarding()).statusCode();
		if (status >= 300) {
			throw new IllegalStateException("Registration answered " + status);
		}
		return port;
	}

	private static double millis(List<Long> sorted, double quantile) {
		int at = (int) Math.ceil(quantile * sorted.size()) - 1;
		return sorted.get(Math.max(0, at)) / 1e6;
	}

	private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout);
			}
			Thread.sleep(1);
		}
	}

	private static String option(String[] args, String name, String fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return arg.substring(name.length() + 3);
			}
		}
		return fallback;
	}

}
