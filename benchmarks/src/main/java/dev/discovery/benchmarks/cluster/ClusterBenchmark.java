package dev.discovery.benchmarks.cluster;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
 * reported as a ratio to the memory figure. Around each scenario, and over a pause after the heartbeats, it reads
 * what every process spent and etcd's own counters ({@link PhaseCosts}): they show what limits each figure. The propagation scenario ({@link PropagationStages}) also splits
 * each delay into stages and reads the CPU time per change of every process. {@code --only=propagation} runs that
 * scenario alone in both modes and prints it without writing the report.
 */
public final class ClusterBenchmark {

	static final String CEILING = "ceiling (`GET /health/live`), empty registry";

	static final String REGISTER = "register";

	static final String HEARTBEAT = "heartbeat";

	static final String QUIET = "quiet, after the heartbeats (per second)";

	static final String READ = "`GET` one service of 100";

	static final String CEILING_AFTER = "ceiling again after the reads";

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
		List<EtcdCluster.Member> etcdMembers = (etcd != null) ? etcd.members() : List.of();
		PropagationStages.Etcd members = (etcd != null) ? new PropagationStages.Etcd(etcd.endpoints(), "/discovery/",
				etcdMembers.stream().map(EtcdCluster.Member::pid).toList()) : null;
		PhaseCosts costs = new PhaseCosts(replicas, etcdMembers.stream().map(EtcdCluster.Member::pid).toList(),
				etcdMembers.stream().map(EtcdCluster.Member::clientUrl).toList());
		RegistryScenarios scenarios = new RegistryScenarios(new LoadRun("127.0.0.1", writer.port()),
				this.settings.concurrency(), this.settings.duration());
		// Also before propagation alone: its own few hundred writes leave the write path to the JIT compilers,
		// whose threads then take more CPU per measured change than the fan-out.
		scenarios.warmUp();
		if (propagationOnly()) {
			PropagationFigures.Result propagation = PropagationStages.run(writer, replicas, members, this.watchers,
					this.settings.rounds());
			return new Figures(null, null, null, null, null, propagation, Map.of(), loadBefore, loadAverage());
		}
		Map<String, PhaseCosts.Phase> phases = new LinkedHashMap<>();
		PhaseCosts.Mark mark = costs.mark();
		RunResult ceiling = scenarios.ceiling();
		phases.put(CEILING, costs.since(mark, ceiling.requests()));
		mark = costs.mark();
		RunResult register = scenarios.register("register", 0, this.registrations, this.settings.services(),
				this.settings.duration().multipliedBy(12));
		phases.put(REGISTER, costs.since(mark, register.requests()));
		mark = costs.mark();
		// To the instances registered: on a busy machine the time limit may stop the registrations short.
		RunResult heartbeat = scenarios.heartbeat(register.requests(), this.settings.services());
		phases.put(HEARTBEAT, costs.since(mark, heartbeat.requests()));
		// The same pause in both modes: what the processes still do once the requests stopped (renewals in flight,
		// the second replica, the collectors) is measured here rather than inside the reads.
		mark = costs.mark();
		Thread.sleep(this.settings.duration().toMillis());
		phases.put(QUIET, costs.since(mark, 0));
		scenarios.registerHundred();
		mark = costs.mark();
		RunResult read = scenarios.readRegisteredHundred();
		phases.put(READ, costs.since(mark, read.requests()));
		// Again with the registry full and etcd after the heartbeats: what is left of the machine for any request.
		mark = costs.mark();
		RunResult ceilingAfter = scenarios.ceiling();
		phases.put(CEILING_AFTER, costs.since(mark, ceilingAfter.requests()));
		PropagationFigures.Result propagation = PropagationStages.run(writer, replicas, members, this.watchers,
				this.settings.rounds());
		return new Figures(ceiling, register, heartbeat, read, ceilingAfter, propagation, phases, loadBefore,
				loadAverage());
	}

	/** The machine's one-minute load average (other work on it included), or NaN where the system does not say. */
	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static void print(String mode, Figures figures) {
		if (figures.register() != null) {
			System.out.println(mode + ": " + figures.register());
			System.out.println(mode + ": " + figures.heartbeat());
			System.out.println(mode + ": " + figures.read());
			System.out.println(mode + ": " + figures.ceilingAfter() + " (after the reads)");
			figures.phases().forEach((name, phase) -> System.out.println(mode + ": " + name + " " + phase));
		}
		PropagationFigures.Result propagation = figures.propagation();
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
	 * @param phases what each scenario cost every process and etcd, by scenario, in the order they ran (empty when
	 * only propagation was measured)
	 * @param loadBefore the machine's one-minute load average when the mode's scenarios started
	 * @param loadAfter the same when they ended
	 */
	record Figures(@Nullable RunResult ceiling, @Nullable RunResult register, @Nullable RunResult heartbeat,
			@Nullable RunResult read, @Nullable RunResult ceilingAfter, PropagationFigures.Result propagation,
			Map<String, PhaseCosts.Phase> phases, double loadBefore, double loadAfter) {
	}

}
