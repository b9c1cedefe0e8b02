package dev.discovery.benchmarks.watch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Change → arrival delay on the watch stream: N watchers hold {@code GET /api/v1/watch}; each round re-registers one
 * instance and takes, for every watcher, the time from sending the {@code PUT} to that watcher reading the change
 * event (read by one selector thread for all watchers). Prints p50/p99/max per watcher count and the server's threads and live heap with the largest count open.
 * <p>
 * Run from the repository root after {@code ./mvnw -q -B -DskipTests package -pl benchmarks -am}:
 * {@code java -cp benchmarks/target/classes dev.discovery.benchmarks.watch.WatchPropagationBenchmark}
 * [{@code --watchers=1,100,1000}] [{@code --rounds=50}] [{@code --server-jar=discovery-server/target/discovery-server.jar}]
 */
public final class WatchPropagationBenchmark {

	private static final String INSTANCE = "{\"host\":\"10.0.0.1\",\"port\":8080,\"metadata\":{\"version\":\"1\"}}";

	private static final int WARM_UP_ROUNDS = 100;

	private final RegistryProcess registry;

	private final HttpClient client;

	private WatchPropagationBenchmark(RegistryProcess registry, HttpClient client) {
		this.registry = registry;
		this.client = client;
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(option(args, "server-jar", "discovery-server/target/discovery-server.jar"));
		int rounds = Integer.parseInt(option(args, "rounds", "50"));
		List<Integer> counts = Arrays.stream(option(args, "watchers", "1,100,1000").split(","))
			.map(Integer::parseInt)
			.toList();
		Path log = Files.createTempFile("watch-benchmark-server", ".log");
		ExecutorService executor = Executors.newFixedThreadPool(2);
		HttpClient client = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10)).build();
		try (RegistryProcess registry = RegistryProcess.start(jar, "512m", log)) {
			WatchPropagationBenchmark benchmark = new WatchPropagationBenchmark(registry, client);
			benchmark.run(10, WARM_UP_ROUNDS, false);
			System.out.println("load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
			System.out.printf(Locale.ROOT, "server idle: threads %.0f, live heap %.1f MiB%n",
					registry.metric("jvm.threads.live"), registry.liveHeapMiB());
			System.out.println("| watchers | samples | p50 ms | p99 ms | max ms |");
			System.out.println("|---:|---:|---:|---:|---:|");
			for (int i = 0; i < counts.size(); i++) {
				benchmark.run(counts.get(i), rounds, i == counts.size() - 1);
			}
			System.out.println("load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
		}
		finally {
			executor.shutdownNow();
		}
	}

	private void run(int count, int rounds, boolean measureServer) throws Exception {
		try (NioWatchers open = new NioWatchers(this.registry.port, "/api/v1/watch?services=bench", count)) {
			measure(open.watchers, rounds, measureServer);
		}
		await(Duration.ofSeconds(60), () -> watchersOpen() == 0);
	}

	private void measure(List<Watcher> watchers, int rounds, boolean measureServer) throws Exception {
		int count = watchers.size();
		await(Duration.ofSeconds(120), () -> watchers.stream().allMatch((w) -> w.snapshotSeen));
		List<Long> delays = new ArrayList<>(count * rounds);
		for (int round = 0; round < rounds; round++) {
			long sent = System.nanoTime();
			long index = register();
			await(Duration.ofSeconds(30), () -> watchers.stream().allMatch((w) -> w.arrivals.containsKey(index)));
			watchers.forEach((w) -> delays.add(w.arrivals.get(index) - sent));
			Thread.sleep(20);
		}
		if (rounds != WARM_UP_ROUNDS) {
			print(count, delays);
		}
		if (measureServer) {
			System.out.printf(Locale.ROOT, "server with %d watches open: threads %.0f, live heap %.1f MiB, "
					+ "discovery.watch.watchers %.0f%n", count, this.registry.metric("jvm.threads.live"),
					this.registry.liveHeapMiB(), this.registry.metric("discovery.watch.watchers"));
		}
	}

	private long register() throws Exception {
		HttpResponse<Void> response = this.client.send(HttpRequest
			.newBuilder(URI.create(this.registry.baseUrl + "/api/v1/services/bench/instances/bench-1"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(INSTANCE))
			.build(), BodyHandlers.discarding());
		return Long.parseLong(response.headers().firstValue("X-Discovery-Index").orElseThrow());
	}

	private double watchersOpen() {
		try {
			return this.registry.metric("discovery.watch.watchers");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void print(int count, List<Long> delays) {
		Collections.sort(delays);
		System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f |%n", count, delays.size(),
				millis(delays, 0.50), millis(delays, 0.99), delays.get(delays.size() - 1) / 1e6);
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
