package dev.discovery.benchmarks.peer;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.discovery.benchmarks.load.HttpConnection;
import dev.discovery.benchmarks.load.LoadRun;
import dev.discovery.benchmarks.load.RunResult;
import dev.discovery.benchmarks.peer.Target.Get;
import dev.discovery.benchmarks.peer.Target.Scenario;

/**
 * {@code benchmarks/run --peer eureka}: the registry and a stock Eureka server, one at a time, each started afresh
 * in every round (the order alternating), warmed up until its figures settle, then driven through the same
 * scenarios by the same client: register, renew, one service's instances, every service.
 */
public final class PeerComparison {

	/** The service the warm-up uses, apart from the measured ones. */
	private static final long WARM_UP_SERVICE = 999_999;

	private final PeerSettings settings;

	private final List<String> jvm;

	public PeerComparison(PeerSettings settings) {
		this.settings = settings;
		this.jvm = List.of("-Xmx" + settings.serverHeap(), "-XX:+UseG1GC");
	}

	/**
	 * Runs every round and writes the comparison into the report.
	 * @throws Exception if a registry cannot be started or the report written
	 */
	public void run() throws Exception {
		List<Measured> measured = new ArrayList<>();
		for (int round = 1; round <= this.settings.rounds(); round++) {
			boolean ownFirst = round % 2 == 1;
			for (int i = 0; i < 2; i++) {
				boolean own = (i == 0) == ownFirst;
				try (Target target = start(own, round)) {
					Measured figures = measure(target, round);
					System.out.println(figures);
					measured.add(figures);
				}
			}
		}
		new PeerReport(this.settings, measured).write();
		System.out.println("Wrote the Eureka comparison into " + this.settings.output().toAbsolutePath());
	}

	private Target start(boolean own, int round) throws IOException, InterruptedException {
		Path log = Path.of("target/bench-peer-" + (own ? "discovery" : "eureka") + "-" + round + ".log");
		return own ? new OwnTarget(this.settings.jar(), this.jvm, log)
				: new EurekaTarget(this.settings.eurekaJar(), this.jvm, log);
	}

	private Measured measure(Target target, int round) throws Exception {
		LoadRun load = new LoadRun("127.0.0.1", target.port);
		int concurrency = this.settings.concurrency();
		Duration duration = this.settings.duration();
		long count = this.settings.instances();
		int services = this.settings.services();
		int warmUpRounds = warmUp(target, load);
		Map<Scenario, RunResult> results = new EnumMap<>(Scenario.class);
		List<RunResult> ceilings = new ArrayList<>();
		ceiling(target, load).ifPresent(ceilings::add);
		results.put(Scenario.REGISTER, load.run("register", concurrency, Duration.ofMinutes(5), count,
				target.registeredStatus(), (n) -> target.register(n, n % services)));
		results.put(Scenario.RENEW, load.run("renew", concurrency, duration, Long.MAX_VALUE, 200,
				(n) -> target.renew(n % count, (n % count) % services)));
		byte[] readOne = target.readOne(0).encoded();
		results.put(Scenario.READ_ONE,
				load.run("GET one service", concurrency, duration, Long.MAX_VALUE, 200, (n) -> readOne));
		byte[] readOneGzip = gzipAccepted(target.readOne(0)).encoded();
		results.put(Scenario.READ_ONE_GZIP, load.run("GET one service, gzip accepted", concurrency, duration,
				Long.MAX_VALUE, 200, (n) -> readOneGzip));
		long all = awaitAll(target, count);
		byte[] readAll = target.readAll().encoded();
		results.put(Scenario.READ_ALL,
				load.run("GET all", concurrency, duration, Long.MAX_VALUE, 200, (n) -> readAll));
		ceiling(target, load).ifPresent(ceilings::add);
		Payload one = payload(target, target.readOne(0));
		Payload every = payload(target, target.readAll());
		return new Measured(target.name(), target.command(), round, warmUpRounds, results, ceilings,
				Map.of(Scenario.READ_ONE, one, Scenario.READ_ALL, new Payload(every.plain(), every.gzip(), all)),
				endpoints(target));
	}

	/**
	 * Sends every scenario's kind of request, unmeasured and apart from the measured services, in rounds until the
	 * one-service read stops getting faster (two rounds in a row no better than 5% over the best); at most three
	 * minutes.
	 */
	private int warmUp(Target target, LoadRun load) throws InterruptedException {
		Duration each = Duration.ofSeconds(3);
		int concurrency = this.settings.concurrency();
		// Ids repeat, so warm-up registrations replace each other instead of filling the registry.
		load.run("warm-up", 4, Duration.ofMinutes(1), 100, target.registeredStatus(),
				(n) -> target.register(1_000_000 + n, WARM_UP_SERVICE));
		byte[] read = target.readOne(WARM_UP_SERVICE).encoded();
		byte[] all = target.readAll().encoded();
		double best = 0;
		int flat = 0;
		int rounds = 0;
		long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (flat < 2 && System.nanoTime() < end) {
			rounds++;
			load.run("warm-up", concurrency, each, 3_000, target.registeredStatus(),
					(n) -> target.register(1_000_000 + (n % 100), WARM_UP_SERVICE));
			load.run("warm-up", concurrency, each, Long.MAX_VALUE, 200,
					(n) -> target.renew(1_000_000 + (n % 100), WARM_UP_SERVICE));
			load.run("warm-up", concurrency, each, Long.MAX_VALUE, 200, (n) -> all);
			double throughput = load.run("warm-up", concurrency, each, Long.MAX_VALUE, 200, (n) -> read).throughput();
			flat = (throughput > best * 1.05) ? 0 : flat + 1;
			best = Math.max(best, throughput);
		}
		return rounds;
	}

	/** The registry's own cheapest answer, for the ratios of the main suite; Eureka has no such endpoint. */
	private java.util.Optional<RunResult> ceiling(Target target, LoadRun load) throws InterruptedException {
		if (!(target instanceof OwnTarget)) {
			return java.util.Optional.empty();
		}
		byte[] live = HttpConnection.request("GET", "/health/live", null);
		return java.util.Optional.of(load.run("ceiling GET /health/live", this.settings.concurrency(),
				this.settings.duration(), Long.MAX_VALUE, 200, (n) -> live));
	}

	/**
	 * Waits until the every-service answer shows every registered instance: Eureka serves it from a cache it
	 * refreshes every 30 s.
	 * @return the instances the answer lists ({@code -1} where the answer lists services, not instances)
	 */
	private long awaitAll(Target target, long count) throws IOException, InterruptedException {
		long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		long seen = 0;
		while (System.nanoTime() < end) {
			String body = new String(target.send(target.readAll()).body(), java.nio.charset.StandardCharsets.UTF_8);
			if (!body.contains("\"instanceId\"")) {
				return -1;
			}
			seen = body.split("\"instanceId\"", -1).length - 1;
			if (seen >= count) {
				return seen;
			}
			Thread.sleep(1000);
		}
		return seen;
	}

	private static Get gzipAccepted(Get get) {
		List<String> headers = new ArrayList<>(get.headers());
		headers.addAll(List.of("Accept-Encoding", "gzip"));
		return new Get(get.path(), headers);
	}

	private static Payload payload(Target target, Get get) throws IOException, InterruptedException {
		HttpResponse<byte[]> plain = target.send(get);
		HttpResponse<byte[]> gzip = target.send(gzipAccepted(get));
		boolean compressed = gzip.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent();
		return new Payload(plain.body().length, compressed ? gzip.body().length : -1, -1);
	}

	private static Map<Scenario, String> endpoints(Target target) {
		Map<Scenario, String> endpoints = new EnumMap<>(Scenario.class);
		for (Scenario scenario : Scenario.values()) {
			endpoints.put(scenario, target.endpoint(scenario));
		}
		return endpoints;
	}

	/**
	 * One answer's size.
	 *
	 * @param plain bytes without compression
	 * @param gzip bytes when the client accepts gzip, {@code -1} if the registry does not compress it
	 * @param instances instances listed, {@code -1} if not counted
	 */
	record Payload(long plain, long gzip, long instances) {
	}

	/**
	 * One registry's figures in one round.
	 *
	 * @param registry the registry's name
	 * @param command how it was started
	 * @param round the round, from 1
	 * @param warmUpRounds warm-up rounds until its figures settled
	 * @param results each scenario's result
	 * @param ceilings the registry's own probe before and after, if it has one
	 * @param payloads answer sizes of the read scenarios
	 * @param endpoints each scenario's endpoint
	 */
	record Measured(String registry, String command, int round, int warmUpRounds, Map<Scenario, RunResult> results,
			List<RunResult> ceilings, Map<Scenario, Payload> payloads, Map<Scenario, String> endpoints) {

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder(this.registry + ", round " + this.round + " (" + this.warmUpRounds
					+ " warm-up rounds)");
			this.results.values().forEach((result) -> text.append("\n  ").append(result));
			this.ceilings.forEach((result) -> text.append("\n  ").append(result));
			this.payloads.forEach((scenario, payload) -> text.append("\n  ").append(scenario).append(' ')
				.append(payload));
			return text.toString();
		}

	}

}
