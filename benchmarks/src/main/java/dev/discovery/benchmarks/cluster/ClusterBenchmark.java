package dev.discovery.benchmarks.cluster;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.discovery.benchmarks.SuiteSettings;
import dev.discovery.benchmarks.load.RegistryScenarios;
import dev.discovery.benchmarks.load.RunResult;
import dev.discovery.benchmarks.load.ServerProcess;
import dev.discovery.server.cluster.EtcdCluster;

/**
 * The cluster mode of the suite ({@code benchmarks/run --cluster}): the same scenarios against one in-memory registry
 * and against two replicas on a real three-member etcd cluster, in one run on one machine, each cluster figure
 * reported as a ratio to the memory figure. Both modes' processes are started once, with the same JVM options, and
 * kept; each is warmed up on instances of its own until its figures settle; then each mode is measured in several
 * rounds, the order alternating (memory, cluster, cluster, memory, ...), and the report compares each mode's better
 * round and lists every round. Around each scenario, and over a pause after the heartbeats, it reads what every
 * process spent and etcd's own counters ({@link PhaseCosts}): they show what limits each figure. The propagation
 * scenario ({@link PropagationStages}) also splits each delay into stages and reads the CPU time per change of every
 * process. {@code --only=propagation} runs that scenario alone in both modes and prints it without writing the
 * report.
 */
public final class ClusterBenchmark {

	static final String CEILING = "ceiling (`GET /health/live`), empty registry";

	static final String REGISTER = "register";

	static final String HEARTBEAT = "heartbeat";

	static final String QUIET = "quiet, after the heartbeats (per second)";

	static final String READ = "`GET` one service of 100";

	static final String CEILING_AFTER = "ceiling again after the reads";

	static final String MEMORY = "memory";

	static final String CLUSTER = "cluster";

	/** Rounds per mode unless {@code --rounds=} says otherwise: a default run stays under about 12 minutes. */
	static final int DEFAULT_ROUNDS = 2;

	/**
	 * Every registry JVM's options, the same in both modes. A fixed heap, touched when the JVM starts, so neither the
	 * heap's growth nor first-touch page faults land in a measured scenario; G1 with its young generation free to
	 * take most of the 2 GB, so the few seconds of a scenario fit into it. Each JVM also logs its collections
	 * ({@code -Xlog:gc} to {@code target/bench-cluster-*-gc.log}), and a full collection is asked for
	 * ({@code jcmd GC.run}) before each timed scenario, so each starts with an empty young generation in both modes.
	 */
	static final List<String> JVM = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC");

	private final SuiteSettings settings;

	private final int rounds;

	private final long registrations;

	private final int watchers;

	private ClusterBenchmark(SuiteSettings settings, int rounds) {
		this.settings = settings;
		this.rounds = rounds;
		// Registrations cost two Raft writes each on etcd: fewer than the memory suite's, so the run stays bounded.
		this.registrations = Math.min(settings.registrations(), 10_000);
		this.watchers = settings.watchers().get(settings.watchers().size() - 1);
	}

	/**
	 * Runs the comparison and writes its report.
	 * @param args the suite's arguments without {@code --cluster}; {@code --rounds=N} (at least 1) is this mode's own
	 * @param etcd the {@code etcd} executable
	 * @throws Exception if a registry or etcd fails
	 */
	public static void run(String[] args, Path etcd) throws Exception {
		List<String> rest = new ArrayList<>();
		int rounds = rounds(args, rest);
		new ClusterBenchmark(SuiteSettings.parse(rest.toArray(String[]::new)), rounds).run(etcd);
	}

	/**
	 * Takes {@code --rounds=N} out of the arguments.
	 * @param args the arguments
	 * @param rest receives the others
	 * @return the rounds per mode
	 */
	static int rounds(String[] args, List<String> rest) {
		int rounds = DEFAULT_ROUNDS;
		for (String arg : args) {
			if (arg.startsWith("--rounds=")) {
				rounds = Integer.parseInt(arg.substring("--rounds=".length()));
				if (rounds < 1) {
					throw new IllegalArgumentException("--rounds takes 1 or more: " + arg);
				}
			}
			else {
				rest.add(arg);
			}
		}
		return rounds;
	}

	/**
	 * The order the modes are measured in: memory first in odd rounds, cluster first in even ones (memory, cluster,
	 * cluster, memory, memory, cluster, ...), so over every two rounds each mode runs as often right after the other
	 * mode as before it, early in the run as late.
	 * @param rounds rounds per mode
	 * @return the modes, one entry per measurement
	 */
	static List<String> order(int rounds) {
		List<String> order = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			boolean memoryFirst = round % 2 == 1;
			order.add(memoryFirst ? MEMORY : CLUSTER);
			order.add(memoryFirst ? CLUSTER : MEMORY);
		}
		return order;
	}

	private boolean propagationOnly() {
		return this.settings.only().equals("propagation");
	}

	private void run(Path etcd) throws Exception {
		if (!this.settings.only().isEmpty() && !propagationOnly()) {
			throw new IllegalArgumentException("--cluster takes --only=propagation");
		}
		List<Round> measured = new ArrayList<>();
		Map<String, Integer> warmUps = new LinkedHashMap<>();
		try (ServerProcess alone = ServerProcess.start(this.settings.jar(), jvm(MEMORY),
				Path.of("target/bench-cluster-memory.log"));
				EtcdCluster members = EtcdCluster.start(etcd, Path.of("target/bench-etcd").toAbsolutePath(), 3)) {
			List<String> store = List.of("--discovery.server.store=etcd",
					"--discovery.server.etcd.endpoints=" + members.endpoints());
			try (ServerProcess one = ServerProcess.start(this.settings.jar(), jvm("replica-1"), store,
					Path.of("target/bench-cluster-1.log"));
					ServerProcess two = ServerProcess.start(this.settings.jar(), jvm("replica-2"), store,
							Path.of("target/bench-cluster-2.log"))) {
				List<Long> etcdPids = members.members().stream().map(EtcdCluster.Member::pid).toList();
				ModeProcesses memory = new ModeProcesses(MEMORY, List.of(alone), null,
						Stream.concat(Stream.of(one.pid(), two.pid()), etcdPids.stream()).toList(), this.settings);
				ModeProcesses cluster = new ModeProcesses(CLUSTER, List.of(one, two), members, List.of(alone.pid()),
						this.settings);
				for (ModeProcesses mode : List.of(memory, cluster)) {
					warmUps.put(mode.name, mode.scenarios.warmUpOnOwnInstances());
					mode.awaitRenewals();
					System.out.println(mode.name + ": " + warmUps.get(mode.name) + " warm-up rounds");
				}
				List<String> order = order(this.rounds);
				for (int i = 0; i < order.size(); i++) {
					ModeProcesses mode = order.get(i).equals(MEMORY) ? memory : cluster;
					Round round = new Round(mode.name, i / 2 + 1, i + 1, measure(mode));
					print(round);
					measured.add(round);
				}
			}
		}
		if (propagationOnly()) {
			return;
		}
		new ClusterReport(this.settings, this.registrations, this.watchers, this.rounds, warmUps, measured).write();
		System.out.println("Wrote " + ClusterReport.output(this.settings).toAbsolutePath());
	}

	/** {@link #JVM}, and the process's own GC log. */
	private static List<String> jvm(String name) {
		List<String> options = new ArrayList<>(JVM);
		options.add("-Xlog:gc:file=target/bench-cluster-" + name + "-gc.log");
		return options;
	}

	private Figures measure(ModeProcesses mode) throws Exception {
		double loadBefore = loadAverage();
		if (propagationOnly()) {
			PropagationFigures.Result propagation = PropagationStages.run(mode.writer(), mode.replicas, mode.members,
					this.watchers, this.settings.rounds());
			return new Figures(null, null, null, null, null, propagation, Map.of(), loadBefore, loadAverage());
		}
		RegistryScenarios scenarios = mode.scenarios;
		PhaseCosts costs = mode.costs;
		Map<String, PhaseCosts.Phase> phases = new LinkedHashMap<>();
		mode.collectGarbage();
		PhaseCosts.Mark mark = costs.mark();
		RunResult ceiling = scenarios.ceiling();
		phases.put(CEILING, costs.since(mark, ceiling.requests()));
		mode.collectGarbage();
		mark = costs.mark();
		RunResult register = scenarios.register("register", 0, this.registrations, this.settings.services(),
				this.settings.duration().multipliedBy(12));
		phases.put(REGISTER, costs.since(mark, register.requests()));
		mode.collectGarbage();
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
		mode.collectGarbage();
		mark = costs.mark();
		RunResult read = scenarios.readRegisteredHundred();
		phases.put(READ, costs.since(mark, read.requests()));
		// Again with the registry full and etcd after the heartbeats: what is left of the machine for any request.
		mode.collectGarbage();
		mark = costs.mark();
		RunResult ceilingAfter = scenarios.ceiling();
		phases.put(CEILING_AFTER, costs.since(mark, ceilingAfter.requests()));
		PropagationFigures.Result propagation = PropagationStages.run(mode.writer(), mode.replicas, mode.members,
				this.watchers, this.settings.rounds());
		double loadAfter = loadAverage();
		// Unmeasured: back to the registry the round started with, so the next round registers afresh and no lease
		// of this one expires during another.
		scenarios.deregister("cleanup", 0, register.requests(), this.settings.services(), Duration.ofMinutes(5));
		scenarios.deregisterHundred();
		mode.awaitRenewals();
		return new Figures(ceiling, register, heartbeat, read, ceilingAfter, propagation, phases, loadBefore,
				loadAfter);
	}

	/** The machine's one-minute load average (other work on it included), or NaN where the system does not say. */
	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static void print(Round round) {
		String mode = round.mode() + " round " + round.round();
		Figures figures = round.figures();
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
	 * One mode measured once.
	 *
	 * @param mode {@link #MEMORY} or {@link #CLUSTER}
	 * @param round the mode's round, from 1
	 * @param position where in the run it came, from 1 (both modes counted)
	 * @param figures what it measured
	 */
	record Round(String mode, int round, int position, Figures figures) {
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
