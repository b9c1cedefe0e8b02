package dev.discovery.benchmarks.watch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
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

import dev.discovery.benchmarks.load.ServerProcess;

/**
 * Change → arrival delay on the watch stream: N watchers hold {@code GET /api/v1/watch}; each round re-registers one
 * instance and takes, for every watcher, the time from sending the {@code PUT} to that watcher reading the change
 * event (read by one selector thread for all watchers). Reports p50/p99/max per watcher count and the server's
 * threads and live heap with the largest count open. {@code benchmarks/run} runs it as part of the suite; on its
 * own: {@code java -cp ... dev.discovery.benchmarks.watch.WatchPropagationBenchmark [--watchers=1,100,1000]
 * [--rounds=50]}.
 */
public final class WatchPropagationBenchmark {

	/**
	 * One watcher count's delays, in milliseconds.
	 *
	 * @param watchers open watches
	 * @param samples delays measured
	 * @param p50 median
	 * @param p99 99th percentile
	 * @param max largest
	 */
	public record Row(int watchers, int samples, double p50, double p99, double max) {
	}

	/**
	 * What a run measured.
	 *
	 * @param rows a row per watcher count
	 * @param idleThreads the server's threads with no watch open
	 * @param idleHeapMiB the server's live heap with no watch open
	 * @param threads the server's threads with the largest count open
	 * @param heapMiB the server's live heap with the largest count open
	 */
	public record Result(List<Row> rows, double idleThreads, double idleHeapMiB, double threads, double heapMiB) {
	}

	/** TTL-checked: the registry never probes it. */
	private static final String INSTANCE = "{\"host\":\"127.0.0.1\",\"port\":8080,\"metadata\":{\"version\":\"1\"},"
			+ "\"healthCheck\":{\"type\":\"TTL\"}}";

	private static final int WARM_UP_ROUNDS = 100;

	private final ServerProcess registry;

	private final List<ServerProcess> watched;

	private final HttpClient client;

	private double threads;

	private double heapMiB;

	private WatchPropagationBenchmark(ServerProcess registry, List<ServerProcess> watched, HttpClient client) {
		this.registry = registry;
		this.watched = watched;
		this.client = client;
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(option(args, "server-jar", "discovery-server/target/discovery-server.jar"));
		int rounds = Integer.parseInt(option(args, "rounds", "50"));
		List<Integer> counts = Arrays.stream(option(args, "watchers", "1,100,1000").split(","))
			.map(Integer::parseInt)
			.toList();
		try (ServerProcess registry = ServerProcess.start(jar, List.of("-Xmx512m"), Path.of("target/bench-watch.log"))) {
			Result result = run(registry, counts, rounds);
			System.out.println("| watchers | samples | p50 ms | p99 ms | max ms |");
			System.out.println("|---:|---:|---:|---:|---:|");
			result.rows().forEach((row) -> System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f |%n",
					row.watchers(), row.samples(), row.p50(), row.p99(), row.max()));
			System.out.printf(Locale.ROOT, "server: idle %.0f threads, %.1f MiB; with %d watches %.0f threads, %.1f MiB%n",
					result.idleThreads(), result.idleHeapMiB(), counts.get(counts.size() - 1), result.threads(),
					result.heapMiB());
		}
	}

	/**
	 * Measures the delay at each watcher count in turn.
	 * @param registry a running registry
	 * @param counts watcher counts, the largest last
	 * @param rounds changes measured per count
	 * @return what was measured
	 * @throws Exception if the registry fails
	 */
	public static Result run(ServerProcess registry, List<Integer> counts, int rounds) throws Exception {
		return run(registry, List.of(registry), counts, rounds);
	}

	/**
	 * Measures the delay at each watcher count in turn, with the changes written to one replica and the watchers
	 * spread evenly over several replicas of one registry.
	 * @param registry the replica the changes are written to
	 * @param watched the replicas the watchers are spread over
	 * @param counts watcher counts, the largest last
	 * @param rounds changes measured per count
	 * @return what was measured (threads and heap of the written replica)
	 * @throws Exception if a replica fails
	 */
	public static Result run(ServerProcess registry, List<ServerProcess> watched, List<Integer> counts, int rounds)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			HttpClient client = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10)).build();
			WatchPropagationBenchmark benchmark = new WatchPropagationBenchmark(registry, watched, client);
			benchmark.run(10, WARM_UP_ROUNDS, false);
			double idleThreads = registry.metric("jvm.threads.live");
			double idleHeap = registry.liveHeapBytes() / (1024.0 * 1024.0);
			List<Row> rows = new ArrayList<>();
			for (int i = 0; i < counts.size(); i++) {
				rows.add(benchmark.run(counts.get(i), rounds, i == counts.size() - 1));
			}
			return new Result(rows, idleThreads, idleHeap, benchmark.threads, benchmark.heapMiB);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Row run(int count, int rounds, boolean measureServer) throws Exception {
		List<NioWatchers<Watcher>> opened = new ArrayList<>();
		try {
			List<Watcher> watchers = new ArrayList<>();
			for (int i = 0; i < this.watched.size(); i++) {
				// The first replicas take the remainder: 1 watcher over 2 replicas goes to the first.
				int share = count / this.watched.size() + ((i < count % this.watched.size()) ? 1 : 0);
				if (share > 0) {
					NioWatchers<Watcher> open = Watcher.open(this.watched.get(i).port(), "/api/v1/watch?services=bench",
							share);
					opened.add(open);
					watchers.addAll(open.watchers);
				}
			}
			return measure(watchers, rounds, measureServer);
		}
		finally {
			for (NioWatchers<Watcher> open : opened) {
				open.close();
			}
			await(Duration.ofSeconds(60), () -> watchersOpen() == 0);
		}
	}

	private Row measure(List<Watcher> watchers, int rounds, boolean measureServer) throws Exception {
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
		if (measureServer) {
			this.threads = this.registry.metric("jvm.threads.live");
			this.heapMiB = this.registry.liveHeapBytes() / (1024.0 * 1024.0);
		}
		Collections.sort(delays);
		return new Row(count, delays.size(), millis(delays, 0.50), millis(delays, 0.99),
				delays.get(delays.size() - 1) / 1e6);
	}

	private long register() throws Exception {
		HttpResponse<Void> response = this.client.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.registry.port() + "/api/v1/services/bench/instances/bench-1"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(INSTANCE))
			.build(), BodyHandlers.discarding());
		return Long.parseLong(response.headers().firstValue("X-Discovery-Index").orElseThrow());
	}

	private double watchersOpen() {
		try {
			double open = 0;
			for (ServerProcess replica : this.watched) {
				open += replica.metric("discovery.watch.watchers");
			}
			return open;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static double millis(List<Long> sorted, double quantile) {
		int at = (int) Math.ceil(quantile * sorted.size()) - 1;
		return sorted.get(Math.max(0, at)) / 1e6;
	}

	static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout);
			}
			Thread.sleep(1);
		}
	}

	static String option(String[] args, String name, String fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return arg.substring(name.length() + 3);
			}
		}
		return fallback;
	}

}
