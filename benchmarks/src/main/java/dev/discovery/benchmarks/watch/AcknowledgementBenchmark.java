package dev.discovery.benchmarks.watch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.discovery.benchmarks.load.ServerProcess;

import static dev.discovery.benchmarks.watch.WatchPropagationBenchmark.await;
import static dev.discovery.benchmarks.watch.WatchPropagationBenchmark.millis;
import static dev.discovery.benchmarks.watch.WatchPropagationBenchmark.option;

/**
 * What acknowledgements cost and what time to truth the registry reports, at one watcher count: the same rounds of
 * changes with watchers that do not acknowledge and with watchers that acknowledge every change they read (as the
 * starter does: one in flight, on a keep-alive connection). For each: change → arrival at every watcher, the
 * registry's CPU time per change ({@code /proc/<pid>/stat}) and acknowledgements received per change; with
 * acknowledgements also time to truth twice in the same run, as the load generator measures it (from sending the
 * change to the last watcher reading, that is applying, it) and as the registry reports it
 * ({@code GET /api/v1/services/{service}/propagation}: commit to the last acknowledgement, less the time it was
 * held). On its own: {@code java -cp ... dev.discovery.benchmarks.watch.AcknowledgementBenchmark [--watchers=1000]
 * [--rounds=50]}.
 */
public final class AcknowledgementBenchmark {

	/**
	 * One mode's figures; times in milliseconds.
	 *
	 * @param acknowledging whether the watchers acknowledged
	 * @param watchers open watches
	 * @param rounds changes measured
	 * @param arrivalP50 change → arrival, median over every watcher and change
	 * @param arrivalP99 change → arrival, 99th percentile
	 * @param lastP50 change → the last watcher's arrival (the load generator's time to truth), median over changes
	 * @param lastP99 the same, 99th percentile
	 * @param lastMax the same, largest
	 * @param cpuMillisPerChange the registry's CPU time per change (user + system)
	 * @param acksPerChange acknowledgements the registry received per change
	 * @param registryP50 the registry's time to truth, median ({@code NaN} without acknowledgements)
	 * @param registryP99 the registry's time to truth, 99th percentile
	 * @param registryMax the registry's time to truth, largest
	 * @param registryChanges the changes the registry counted
	 */
	public record Row(boolean acknowledging, int watchers, int rounds, double arrivalP50, double arrivalP99,
			double lastP50, double lastP99, double lastMax, double cpuMillisPerChange, double acksPerChange,
			double registryP50, double registryP99, double registryMax, int registryChanges) {
	}

	private static final String INSTANCE = "{\"host\":\"127.0.0.1\",\"port\":8080,\"healthCheck\":{\"type\":\"TTL\"}}";

	private static final String WARM_UP = "ack-warm-up";

	private static final int WARM_UP_ROUNDS = 20;

	/** The starter's default {@code discovery.watch.acknowledge-interval}. */
	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Pattern P50 = Pattern.compile("\"p50Millis\":([0-9.]+)");

	private static final Pattern P99 = Pattern.compile("\"p99Millis\":([0-9.]+)");

	private static final Pattern MAX = Pattern.compile("\"maxMillis\":([0-9.]+)");

	private static final Pattern CHANGES = Pattern.compile("\"changes\":([0-9]+)");

	private static final Pattern OPEN = Pattern.compile("\"open\":([0-9]+)");

	private final ServerProcess registry;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private AcknowledgementBenchmark(ServerProcess registry) {
		this.registry = registry;
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(option(args, "server-jar", "discovery-server/target/discovery-server.jar"));
		int watchers = Integer.parseInt(option(args, "watchers", "1000"));
		int rounds = Integer.parseInt(option(args, "rounds", "50"));
		try (ServerProcess registry = ServerProcess.start(jar, List.of("-Xmx512m"), Path.of("target/bench-ack.log"))) {
			for (Row row : run(registry, watchers, rounds)) {
				System.out.println(row);
			}
		}
	}

	/**
	 * Measures both modes in turn, without acknowledgements first.
	 * @param registry a running registry
	 * @param watchers watch streams to open
	 * @param rounds changes measured per mode
	 * @return a row per mode
	 * @throws Exception if the registry fails
	 */
	public static List<Row> run(ServerProcess registry, int watchers, int rounds) throws Exception {
		AcknowledgementBenchmark benchmark = new AcknowledgementBenchmark(registry);
		return List.of(benchmark.measure(watchers, rounds, false, "ack-off"),
				benchmark.measure(watchers, rounds, true, "ack-on"));
	}

	private Row measure(int count, int rounds, boolean acknowledging, String service) throws Exception {
		try (NioWatchers<AckingWatcher> open = AckingWatcher.open(this.registry.port(), WARM_UP + "," + service,
				count, acknowledging, INTERVAL)) {
			List<AckingWatcher> watchers = open.watchers;
			await(Duration.ofSeconds(120), () -> watchers.stream().allMatch((w) -> w.events.snapshotSeen));
			for (int round = 0; round < WARM_UP_ROUNDS; round++) {
				long index = register(WARM_UP);
				await(Duration.ofSeconds(30),
						() -> watchers.stream().allMatch((w) -> w.events.arrivals.containsKey(index)));
			}
			settle(acknowledging, WARM_UP);
			long cpuBefore = cpuTicks();
			double acksBefore = this.registry.metric("discovery.watch.acknowledgements");
			List<Long> arrivals = new ArrayList<>(count * rounds);
			List<Long> lasts = new ArrayList<>(rounds);
			for (int round = 0; round < rounds; round++) {
				long sent = System.nanoTime();
				long index = register(service);
				await(Duration.ofSeconds(30),
						() -> watchers.stream().allMatch((w) -> w.events.arrivals.containsKey(index)));
				long last = 0;
				for (AckingWatcher watcher : watchers) {
					long delay = watcher.events.arrivals.get(index) - sent;
					arrivals.add(delay);
					last = Math.max(last, delay);
				}
				lasts.add(last);
				Thread.sleep(20);
			}
			String report = settle(acknowledging, service);
			double cpuMillis = (cpuTicks() - cpuBefore) * 10.0;
			double acks = this.registry.metric("discovery.watch.acknowledgements") - acksBefore;
			long failures = watchers.stream().mapToLong((w) -> w.failures).sum();
			if (failures > 0) {
				throw new IllegalStateException(failures + " acknowledgements were refused");
			}
			Collections.sort(arrivals);
			Collections.sort(lasts);
			return new Row(acknowledging, count, rounds, millis(arrivals, 0.50), millis(arrivals, 0.99),
					millis(lasts, 0.50), millis(lasts, 0.99), lasts.get(lasts.size() - 1) / 1e6, cpuMillis / rounds,
					acks / rounds, value(P50, report), value(P99, report), value(MAX, report),
					(int) value(CHANGES, report));
		}
	}

	/** Waits until every change to the service was applied by all (with acknowledgements); returns the report. */
	private String settle(boolean acknowledging, String service) throws Exception {
		String[] report = new String[1];
		await(Duration.ofSeconds(60), () -> {
			try {
				report[0] = this.registry.get("/api/v1/services/" + service + "/propagation").body();
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			return !acknowledging || value(OPEN, report[0]) == 0;
		});
		return report[0];
	}

	private long register(String service) throws Exception {
		HttpResponse<Void> response = this.client.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.registry.port() + "/api/v1/services/" + service
					+ "/instances/" + service + "-1"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(INSTANCE))
			.build(), BodyHandlers.discarding());
		return Long.parseLong(response.headers().firstValue("X-Discovery-Index").orElseThrow());
	}

	/** User and system CPU time of the registry process, in clock ticks (100 per second on Linux). */
	private long cpuTicks() throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(this.registry.pid()), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static double value(Pattern pattern, String json) {
		Matcher matcher = pattern.matcher(json);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
	}

}
