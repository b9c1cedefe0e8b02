package dev.discovery.benchmarks.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import org.jspecify.annotations.Nullable;

import dev.discovery.benchmarks.load.ServerProcess;
import dev.discovery.benchmarks.watch.NioWatchers;
import dev.discovery.benchmarks.cluster.PropagationFigures.Result;
import dev.discovery.benchmarks.cluster.PropagationFigures.Sample;
import dev.discovery.benchmarks.watch.Watcher;

/**
 * Change → arrival delay on the watch stream with the watchers spread evenly over the replicas, split into stages.
 * A warm-up with a few watchers and then with all of them comes first, unmeasured. Each round re-registers one instance through the first replica; the clock starts when the {@code PUT} is sent. In
 * cluster mode an etcd watch of this process's own on the registry's prefix notes when etcd delivers the write to a
 * watcher (commit plus etcd's watch delivery, what each replica's mirror waits for too). Each watcher's delay is then
 * split into: write → etcd's event (cluster mode only), → the first watcher of that replica reading it (the mirror
 * applying it, the listeners, the dispatcher's wake-up and first socket write), → this watcher reading it (the
 * fan-out over the replica's watchers). Around the measured rounds it reads the CPU time of every registry process,
 * of the etcd members and of this process, and each replica's GC pause time, so the cost per change can be compared
 * on a machine whose load moves the latencies.
 */
public final class PropagationStages {

	/** TTL-checked: the registry never probes it. */
	private static final String INSTANCE = "{\"host\":\"127.0.0.1\",\"port\":8080,\"metadata\":{\"version\":\"1\"},"
			+ "\"healthCheck\":{\"type\":\"TTL\"}}";

	private static final int WARM_UP_ROUNDS = 100;

	/**
	 * Changes sent to the full count of watchers before any is measured: the fan-out to a thousand streams runs
	 * code paths (and loop counts) the small warm-up does not, and without them the JIT compilers' threads took
	 * more CPU per measured change than the fan-out itself, on the same two cores.
	 */
	private static final int FULL_WARM_UP_ROUNDS = 30;

	/** How often the replicas' metrics are asked, so the asking does not load them. */
	private static final Duration POLL_HTTP = Duration.ofMillis(50);

	private final ServerProcess writer;

	private final List<ServerProcess> replicas;

	private final ProcessCosts costs;

	private final HttpClient client;

	/** Revision → when this process's own etcd watch received it ({@code System.nanoTime}). */
	private final Map<Long, Long> observed = new ConcurrentHashMap<>();

	private PropagationStages(ServerProcess writer, List<ServerProcess> replicas, List<Long> etcdPids,
			HttpClient client) {
		this.writer = writer;
		this.replicas = replicas;
		this.costs = new ProcessCosts(replicas, etcdPids);
		this.client = client;
	}

	/**
	 * Measures propagation to watchers spread over the replicas.
	 * @param writer the replica the changes are written to
	 * @param replicas every replica, the writer first
	 * @param etcd the etcd endpoints (comma-separated) and member processes, or {@code null} in memory mode
	 * @param watchers watchers in all
	 * @param rounds changes measured
	 * @return what was measured
	 * @throws Exception if a replica fails
	 */
	public static Result run(ServerProcess writer, List<ServerProcess> replicas, @Nullable Etcd etcd, int watchers,
			int rounds) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try (Client observer = (etcd != null) ? Client.builder().endpoints(etcd.endpoints().split(",")).build() : null) {
			HttpClient client = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(10)).build();
			PropagationStages stages = new PropagationStages(writer, replicas,
					(etcd != null) ? etcd.pids() : List.of(), client);
			Watch.Watcher watch = (observer != null) ? stages.observe(observer, etcd.prefix()) : null;
			try {
				stages.measure(Math.min(10, watchers), 0, WARM_UP_ROUNDS, etcd != null);
				return stages.measure(watchers, FULL_WARM_UP_ROUNDS, rounds, etcd != null);
			}
			finally {
				if (watch != null) {
					watch.close();
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Watch.Watcher observe(Client observer, String prefix) {
		ByteSequence key = ByteSequence.from(prefix, StandardCharsets.UTF_8);
		return observer.getWatchClient()
			.watch(key, WatchOption.builder().isPrefix(true).build(), (response) -> {
				long now = System.nanoTime();
				response.getEvents().forEach((event) -> this.observed.putIfAbsent(event.getKeyValue().getModRevision(), now));
			});
	}

	private Result measure(int count, int warmUp, int rounds, boolean cluster) throws Exception {
		List<NioWatchers<Watcher>> opened = new ArrayList<>();
		try {
			List<List<Watcher>> byReplica = new ArrayList<>();
			for (int i = 0; i < this.replicas.size(); i++) {
				// The first replicas take the remainder: 1 watcher over 2 replicas goes to the first.
				int share = count / this.replicas.size() + ((i < count % this.replicas.size()) ? 1 : 0);
				NioWatchers<Watcher> open = Watcher.open(this.replicas.get(i).port(), "/api/v1/watch?services=bench", share);
				opened.add(open);
				byReplica.add(open.watchers);
			}
			List<Watcher> all = byReplica.stream().flatMap(List::stream).toList();
			await(Duration.ofSeconds(120), () -> all.stream().allMatch((w) -> w.snapshotSeen));
			for (int i = 0; i < this.replicas.size(); i++) {
				await(Duration.ofSeconds(60), POLL_HTTP, watching(i, byReplica.get(i).size()));
			}
			for (int round = 0; round < warmUp; round++) {
				long index = register();
				await(Duration.ofSeconds(30), arrived(all, index));
				Thread.sleep(20);
			}
			ProcessCosts.Usage before = this.costs.usage();
			List<Sample> samples = new ArrayList<>(count * rounds);
			List<Long> acknowledged = new ArrayList<>(rounds);
			for (int round = 0; round < rounds; round++) {
				long sent = System.nanoTime();
				long index = register();
				acknowledged.add(System.nanoTime() - sent);
				await(Duration.ofSeconds(30), arrived(all, index));
				Long etcdEvent = cluster ? awaitObserved(index) : null;
				for (List<Watcher> replica : byReplica) {
					long first = replica.stream().mapToLong((w) -> w.arrivals.get(index)).min().orElseThrow();
					for (Watcher watcher : replica) {
						long arrived = watcher.arrivals.get(index);
						long start = (etcdEvent != null) ? Math.min(etcdEvent, first) : sent;
						samples.add(new Sample(arrived - sent, start - sent, first - start, arrived - first));
					}
				}
				Thread.sleep(20);
			}
			ProcessCosts.Usage after = this.costs.usage();
			return Result.of(count, samples, acknowledged, before.costPerChange(after, rounds));
		}
		finally {
			for (NioWatchers<Watcher> open : opened) {
				open.close();
			}
			await(Duration.ofSeconds(60), POLL_HTTP, () -> watchersOpen() == 0);
		}
	}

	/**
	 * Whether every watcher has read a change, checked from the first one that had not at the last look: the
	 * waiting costs this process (on the same cores as the registries) one look per watcher and change, not one
	 * per watcher every millisecond.
	 */
	private static BooleanSupplier arrived(List<Watcher> watchers, long index) {
		int[] next = { 0 };
		return () -> {
			while (next[0] < watchers.size() && watchers.get(next[0]).arrivals.containsKey(index)) {
				next[0]++;
			}
			return next[0] == watchers.size();
		};
	}

	/** Each replica counts exactly its share of open streams: the watchers are spread as intended. */
	private BooleanSupplier watching(int replica, int share) {
		return () -> {
			try {
				return this.replicas.get(replica).metric("discovery.watch.watchers") == share;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	private @Nullable Long awaitObserved(long index) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!this.observed.containsKey(index) && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
		return this.observed.get(index);
	}

	private long register() throws Exception {
		HttpResponse<Void> response = this.client.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.writer.port() + "/api/v1/services/bench/instances/bench-1"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(INSTANCE))
			.build(), BodyHandlers.discarding());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException("Registration answered " + response.statusCode());
		}
		return Long.parseLong(response.headers().firstValue("X-Discovery-Index").orElseThrow());
	}

	private double watchersOpen() {
		try {
			double open = 0;
			for (ServerProcess replica : this.replicas) {
				open += replica.metric("discovery.watch.watchers");
			}
			return open;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		await(timeout, Duration.ofMillis(1), condition);
	}

	private static void await(Duration timeout, Duration poll, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout);
			}
			Thread.sleep(poll.toMillis());
		}
	}

	/**
	 * Where the etcd cluster is.
	 *
	 * @param endpoints client URLs, comma-separated
	 * @param prefix the registry's key prefix
	 * @param pids the members' process ids
	 */
	public record Etcd(String endpoints, String prefix, List<Long> pids) {
	}

}
