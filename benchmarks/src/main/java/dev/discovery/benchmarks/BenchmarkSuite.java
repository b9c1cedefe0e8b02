package dev.discovery.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.discovery.benchmarks.SuiteResults.JmhScore;
import dev.discovery.benchmarks.cluster.ClusterBenchmark;
import dev.discovery.benchmarks.load.DurabilityScenario;
import dev.discovery.benchmarks.load.EurekaScenario;
import dev.discovery.benchmarks.load.LoadRun;
import dev.discovery.benchmarks.load.MemoryScenario;
import dev.discovery.benchmarks.load.RegistrationScenario;
import dev.discovery.benchmarks.load.RegistryScenarios;
import dev.discovery.benchmarks.load.ServerProcess;
import dev.discovery.benchmarks.peer.PeerComparison;
import dev.discovery.benchmarks.peer.PeerSettings;
import dev.discovery.benchmarks.watch.AcknowledgementBenchmark;
import dev.discovery.benchmarks.watch.WatchPropagationBenchmark;
import dev.discovery.benchmarks.xds.XdsPropagationBenchmark;

/**
 * Runs every scenario against freshly started registries on 127.0.0.1 and writes the report. Each run is bounded in
 * requests and time.
 */
public final class BenchmarkSuite {

	/** xDS clients in the propagation figure, next to the watch stream's figure at the same count. */
	private static final int XDS_CLIENTS = 100;

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.asList(args);
		int peer = arguments.indexOf("--peer");
		if (peer >= 0 || arguments.contains("--peer=eureka")) {
			// This registry next to a stock Eureka server, written into its own section of docs/benchmarks.md.
			if (peer >= 0 && (peer + 1 >= args.length || !args[peer + 1].equals("eureka"))) {
				throw new IllegalArgumentException("--peer takes eureka");
			}
			new PeerComparison(PeerSettings.parse(arguments.stream()
				.filter((a) -> !a.equals("--peer") && !a.equals("eureka") && !a.equals("--peer=eureka"))
				.toArray(String[]::new))).run();
			return;
		}
		if (Arrays.asList(args).contains("--cluster")) {
			// Memory mode against two replicas on etcd, written to docs/benchmarks-cluster.md.
			ClusterBenchmark.run(Arrays.stream(args).filter((a) -> !a.equals("--cluster")).toArray(String[]::new),
					ClusterBenchmark.etcd());
			return;
		}
		// --server-arg=--name=value: a registry setting for the registration scenario (--only=register).
		List<String> serverArguments = arguments.stream()
			.filter((a) -> a.startsWith("--server-arg="))
			.map((a) -> a.substring("--server-arg=".length()))
			.toList();
		SuiteSettings settings = SuiteSettings
			.parse(arguments.stream().filter((a) -> !a.startsWith("--server-arg=")).toArray(String[]::new));
		SuiteResults results = new SuiteResults();
		List<String> jvm = List.of("-Xmx" + settings.serverHeap(), "-XX:+UseG1GC");
		if (!settings.only().isEmpty() && !List.of("durability", "eureka", "register").contains(settings.only())) {
			throw new IllegalArgumentException("--only takes durability, eureka or register");
		}
		if (settings.only().equals("register")) {
			// Registrations alone, with the registry's CPU time per registration; printed, not written to the report.
			RegistrationScenario.run(settings.jar(), jvm, serverArguments, settings.concurrency(), settings.duration(),
					settings.registrations(), settings.services());
			return;
		}
		if (settings.only().isEmpty()) {
			others(settings, jvm, results);
		}
		if (settings.only().isEmpty() || settings.only().equals("eureka")) {
			results.eureka.addAll(EurekaScenario.run(settings.jar(), jvm, settings.concurrency(), settings.duration(),
					EurekaScenario.instances(settings.registrations()), settings.services()));
		}
		if (settings.only().equals("eureka")) {
			new Report(settings, results).write();
			System.out.println("Wrote " + settings.output().toAbsolutePath());
			return;
		}
		results.durability.addAll(DurabilityScenario.run(settings.jar(), jvm, settings.concurrency(),
				settings.duration(), settings.registrations(), settings.services()));
		new Report(settings, results).write();
		System.out.println("Wrote " + settings.output().toAbsolutePath());
	}

	private static void others(SuiteSettings settings, List<String> jvm, SuiteResults results) throws Exception {
		try (ServerProcess server = ServerProcess.start(settings.jar(), jvm, Path.of("target/bench-server.log"))) {
			requestScenarios(settings, server, results);
		}
		try (ServerProcess server = ServerProcess.start(settings.jar(), jvm, Path.of("target/bench-memory.log"))) {
			memoryScenario(settings, server, results);
		}
		try (ServerProcess server = ServerProcess.start(settings.jar(), jvm, Path.of("target/bench-watch.log"))) {
			results.propagation = WatchPropagationBenchmark.run(server, settings.watchers(), settings.rounds());
			results.propagation.rows().forEach(System.out::println);
			results.xdsPropagation = XdsPropagationBenchmark.run(server, XDS_CLIENTS, settings.rounds());
			System.out.println(results.xdsPropagation);
		}
		try (ServerProcess server = ServerProcess.start(settings.jar(), jvm, Path.of("target/bench-ack.log"))) {
			int watchers = settings.watchers().get(settings.watchers().size() - 1);
			results.acknowledgements.addAll(AcknowledgementBenchmark.run(server, watchers, settings.rounds()));
			results.acknowledgements.forEach(System.out::println);
		}
		if (settings.jmh()) {
			jmh(results);
		}
	}

	private static void requestScenarios(SuiteSettings settings, ServerProcess server, SuiteResults results)
			throws InterruptedException {
		RegistryScenarios scenarios = scenarios(settings, server);
		scenarios.warmUp();
		results.ceilings.add(print(scenarios.ceiling()));
		results.scenarios.add(print(scenarios.register("register", 0, settings.registrations(), settings.services(),
				settings.duration().multipliedBy(6))));
		results.scenarios.add(print(scenarios.heartbeat(settings.registrations(), settings.services())));
		results.scenarios.add(print(scenarios.readHundred()));
		results.scenarios.add(print(scenarios.services()));
		results.ceilings.add(print(scenarios.ceiling()));
	}

	private static void memoryScenario(SuiteSettings settings, ServerProcess server, SuiteResults results)
			throws Exception {
		RegistryScenarios scenarios = scenarios(settings, server);
		// Only the probe warms up here: warm-up registrations would be counted in the footprint.
		scenarios.ceiling();
		MemoryScenario memory = new MemoryScenario(server, scenarios);
		results.footprints.addAll(memory.fill(settings.memorySizes(), settings.services()));
		results.footprints.forEach(System.out::println);
		long largest = settings.memorySizes()[settings.memorySizes().length - 1];
		RegistryScenarios renewing = new RegistryScenarios(new LoadRun("127.0.0.1", server.port()),
				settings.concurrency(), settings.duration());
		results.atLargestSize.add(print(renewing.heartbeatRange(1_000_000, largest, settings.services())));
		results.atLargestSize.add(print(renewing.readHundred()));
		results.atLargestSize.add(print(renewing.services()));
	}

	private static RegistryScenarios scenarios(SuiteSettings settings, ServerProcess server) {
		return new RegistryScenarios(new LoadRun("127.0.0.1", server.port()), settings.concurrency(),
				settings.duration());
	}

	private static dev.discovery.benchmarks.load.RunResult print(dev.discovery.benchmarks.load.RunResult result) {
		System.out.println(result);
		return result;
	}

	private static void jmh(SuiteResults results) throws Exception {
		Options options = new OptionsBuilder().include("dev\\.discovery\\..*Benchmarks")
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.build();
		for (RunResult run : new Runner(options).run()) {
			String label = run.getParams().getBenchmark();
			results.jmh.add(new JmhScore(label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1),
					run.getPrimaryResult().getScore(), run.getPrimaryResult().getScoreError(),
					run.getPrimaryResult().getScoreUnit()));
		}
	}

}
