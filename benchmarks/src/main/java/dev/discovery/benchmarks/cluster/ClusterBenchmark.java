package dev.discovery.benchmarks.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.discovery.benchmarks.SuiteSettings;
import dev.discovery.benchmarks.load.LoadRun;
import dev.discovery.benchmarks.load.RegistryScenarios;
import dev.discovery.benchmarks.load.RunResult;
import dev.discovery.benchmarks.load.ServerProcess;
import dev.discovery.server.cluster.EtcdCluster;

/**
 * The cluster mode of the suite ({@code benchmarks/run --cluster}): the same scenarios against one in-memory registry
 * and against two replicas on a real three-member etcd cluster, in one run on one machine, each cluster figure
 * reported as a ratio to the memory figure. etcd's own count of committed Raft proposals is read around the heartbeat
 * scenario: it shows what a heartbeat costs etcd. The propagation scenario ({@link PropagationStages}) also splits
 * each delay into stages and reads the CPU time per change of every process. {@code --only=propagation} runs that
 * scenario alone in both modes and prints it without writing the report.
 */
public final class ClusterBenchmark {

	private static final Pattern PROPOSALS = Pattern.compile("(?m)^etcd_server_proposals_committed_total\\s+([0-9.e+]+)");

	private final SuiteSettings settings;

	private final long registrations;

	private final int watchers;

	private ClusterBenchmark(SuiteSettings settings) {
		this.settings = settings;
		// Registrations cost two Raft writes each on etcd: fewer than the memory suite's, so the run stays bounded.
		this.registrations = Math.min(settings.registrations(), 10_000);
		this.watchers = settings.watchers().get(settings.watchers().size() - 1);
	}

	/**
	 * Runs the comparison and writes its report.
	 * @param settings the suite's settings
	 * @param etcd the {@code etcd} executable
	 * @throws Exception if a registry or etcd fails
	 */
	public static void run(SuiteSettings settings, Path etcd) throws Exception {
		new ClusterBenchmark(settings).run(etcd);
	}

	private boolean propagationOnly() {
		return this.settings.only().equals("propagation");
	}

	private void run(Path etcd) throws Exception {
		if (!this.settings.only().isEmpty() && !propagationOnly()) {
			throw new IllegalArgumentException("--cluster takes --only=propagation");
		}
		List<String> jvm = List.of("-Xmx" + this.settings.serverHeap(), "-XX:+UseG1GC");
		Figures memory;
		try (ServerProcess server = ServerProcess.start(this.settings.jar(), jvm, Path.of("target/bench-cluster-memory.log"))) {
			memory = measure(server, List.of(server), null);
		}
		print("memory", memory);
		Figures cluster;
		try (EtcdCluster members = EtcdCluster.start(etcd, Path.of("target/bench-etcd").toAbsolutePath(), 3)) {
			List<String> store = List.of("--discovery.server.store=etcd",
					"--discovery.server.etcd.endpoints=" + members.endpoints());
			try (ServerProcess one = ServerProcess.start(this.settings.jar(), jvm, store, Path.of("target/bench-cluster-1.log"));
					ServerProcess two = ServerProcess.start(this.settings.jar(), jvm, store,
							Path.of("target/bench-cluster-2.log"))) {
				cluster = measure(one, List.of(one, two), members);
			}
		}
		print("cluster", cluster);
		if (propagationOnly()) {
			return;
		}
		new ClusterReport(this.settings, this.registrations, this.watchers, memory, cluster).write();
		System.out.println("Wrote " + ClusterReport.output(this.settings).toAbsolutePath());
	}

	private Figures measure(ServerProcess writer, List<ServerProcess> replicas, EtcdCluster etcd) throws Exception {
		double loadBefore = loadAverage();
		PropagationStages.Etcd members = (etcd != null) ? new PropagationStages.Etcd(etcd.endpoints(), "/discovery/",
				etcd.members().stream().map(EtcdCluster.Member::pid).toList()) : null;
		RegistryScenarios scenarios = new RegistryScenarios(new LoadRun("127.0.0.1", writer.port()),
				this.settings.concurrency(), this.settings.duration());
		// Also before propagation alone: its own few hundred writes leave the write path to the JIT compilers,
		// whose threads then take more CPU per measured change than the fan-out.
		scenarios.warmUp();
		if (propagationOnly()) {
			PropagationStages.Result propagation = PropagationStages.run(writer, replicas, members, this.watchers,
					this.settings.rounds());
			return new Figures(null, null, null, null, null, propagation, Double.NaN, Double.NaN, loadBefore,
					loadAverage());
		}
		RunResult ceiling = scenarios.ceiling();
		RunResult register = scenarios.register("register", 0, this.registrations, this.settings.services(),
				this.settings.duration().multipliedBy(12));
		double proposalsBefore = (etcd != null) ? proposals(etcd) : 0;
		// To the instances registered: on a busy machine the time limit may stop the registrations short.
		RunResult heartbeat = scenarios.heartbeat(register.requests(), this.settings.services());
		double proposalsAfter = (etcd != null) ? proposals(etcd) : 0;
		RunResult read = scenarios.readHundred();
		double proposalsAfterRead = (etcd != null) ? proposals(etcd) : 0;
		// Again with the registry full and etcd after the heartbeats: what is left of the machine for any request.
		RunResult ceilingAfter = scenarios.ceiling();
		PropagationStages.Result propagation = PropagationStages.run(writer, replicas, members, this.watchers,
				this.settings.rounds());
		return new Figures(ceiling, register, heartbeat, read, ceilingAfter, propagation,
				(etcd != null) ? proposalsAfter - proposalsBefore : Double.NaN,
				(etcd != null) ? proposalsAfterRead - proposalsAfter : Double.NaN, loadBefore, loadAverage());
	}

	/** The machine's one-minute load average (other work on it included), or NaN where the system does not say. */
	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/** Raft proposals etcd's leader has committed so far, from its Prometheus metrics. */
	private static double proposals(EtcdCluster etcd) throws IOException, InterruptedException {
		String url = etcd.leader().clientUrl() + "/metrics";
		String body = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher matcher = PROPOSALS.matcher(body);
		if (!matcher.find()) {
			throw new IOException("etcd's metrics at " + url + " have no etcd_server_proposals_committed_total");
		}
		return Double.parseDouble(matcher.group(1));
	}

	private static void print(String mode, Figures figures) {
		if (figures.register() != null) {
			System.out.println(mode + ": " + figures.register());
			System.out.println(mode + ": " + figures.heartbeat());
			System.out.println(mode + ": " + figures.read());
			System.out.println(mode + ": " + figures.ceilingAfter() + " (after the reads; Raft proposals during "
					+ "them: " + figures.readProposals() + ")");
		}
		PropagationStages.Result propagation = figures.propagation();
		System.out.println(mode + ": propagation " + propagation.row());
		System.out.println(mode + ": stages (ms, mean) all " + propagation.all() + "; at or above p99 "
				+ propagation.tail());
		System.out.printf(Locale.ROOT, "%s: write answered p50 %.2f ms, p99 %.2f ms%n", mode,
				propagation.acknowledgedP50(), propagation.acknowledgedP99());
		System.out.println(mode + ": " + propagation.cost());
		System.out.printf(Locale.ROOT, "%s: load %.1f -> %.1f%n", mode, figures.loadBefore(), figures.loadAfter());
	}

	/** The etcd executable on the PATH, or in sbin. */
	public static Path etcd() {
		List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
		directories.addAll(List.of("/usr/local/bin", "/usr/bin", "/usr/sbin"));
		for (String directory : directories) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, "etcd");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("The cluster mode needs etcd (Debian package etcd-server) on the PATH");
	}

	/**
	 * One mode's figures.
	 *
	 * @param ceiling the registry's own liveness probe under the same load ({@code null}, as the next three, when
	 * only propagation was measured)
	 * @param register registrations
	 * @param heartbeat heartbeats
	 * @param read {@code GET} one service of 100 instances
	 * @param ceilingAfter the liveness probe again after the reads, with the registry full
	 * @param propagation change to watchers, with its stages and costs
	 * @param heartbeatProposals Raft proposals etcd committed during the heartbeat scenario (memory mode: none)
	 * @param readProposals Raft proposals etcd committed during the read scenario (memory mode: none)
	 * @param loadBefore the machine's one-minute load average when the mode's scenarios started
	 * @param loadAfter the same when they ended
	 */
	record Figures(@Nullable RunResult ceiling, @Nullable RunResult register, @Nullable RunResult heartbeat,
			@Nullable RunResult read, @Nullable RunResult ceilingAfter, PropagationStages.Result propagation,
			double heartbeatProposals, double readProposals, double loadBefore, double loadAfter) {
	}

}
