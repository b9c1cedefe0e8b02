package dev.discovery.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Registrations alone ({@code --only=register}): a warmed-up registry, its ceiling, then the registration scenario
 * with the CPU time the registry process spent per registration. On a shared machine the rate moves with the load
 * of everything else; the CPU time per registration is the registry's own cost and moves far less.
 */
public final class RegistrationScenario {

	/**
	 * A system property naming a file: the registry then records the registration phase with JFR into it
	 * ({@code jfr print --events jdk.ExecutionSample}); the recording costs throughput, so not for figures.
	 */
	public static final String RECORDING = "discovery.benchmarks.jfr";

	/** The number of the first instance registered during the warm-up, far from those measured. */
	private static final long WARM_UP_FIRST = 10_000_000;

	private RegistrationScenario() {
	}

	/**
	 * Runs the scenario against a fresh registry and prints its figures.
	 * @param jar the registry's executable jar
	 * @param jvm options for the registry's JVM
	 * @param serverArguments further registry settings ({@code --name=value})
	 * @param concurrency connections at once
	 * @param duration how long the ceiling runs
	 * @param registrations instances to register
	 * @param services services to spread them over
	 * @return the lines printed
	 * @throws IOException if the registry cannot be started or read
	 * @throws InterruptedException if interrupted
	 */
	public static List<String> run(Path jar, List<String> jvm, List<String> serverArguments, int concurrency,
			Duration duration, long registrations, int services) throws IOException, InterruptedException {
		List<String> arguments = new ArrayList<>(List.of("--discovery.server.snapshot.enabled=false"));
		arguments.addAll(serverArguments);
		try (ServerProcess server = ServerProcess.start(jar, jvm, arguments, Path.of("target/bench-register.log"))) {
			RegistryScenarios scenarios = new RegistryScenarios(new LoadRun("127.0.0.1", server.port()), concurrency,
					duration);
			scenarios.warmUp();
			// Registrations and deregistrations of other instances, unmeasured, until the JIT compiler is done with
			// this path too: compiling during the measured run would count in the CPU time per registration.
			for (int round = 0; round < 2; round++) {
				scenarios.register("warm-up", WARM_UP_FIRST, registrations, services, duration.multipliedBy(6));
				scenarios.deregister("warm-up", WARM_UP_FIRST, registrations, services, duration.multipliedBy(6));
			}
			RunResult before = scenarios.ceiling();
			String recording = System.getProperty(RECORDING);
			if (recording != null) {
				server.jcmd("JFR.start", "name=register", "filename=" + recording);
			}
			long cpu = server.cpuNanos();
			RunResult register = scenarios.register("register", 0, registrations, services, duration.multipliedBy(6));
			cpu = server.cpuNanos() - cpu;
			if (recording != null) {
				server.jcmd("JFR.stop", "name=register");
			}
			RunResult after = scenarios.ceiling();
			double ceiling = Math.max(before.throughput(), after.throughput());
			List<String> lines = List.of(before.toString(), register.toString(), after.toString(),
					String.format("register: %,.0f/s = %.0f%% of the ceiling (%,.0f/s); registry CPU %.1f µs per "
							+ "registration (%,.2f s for %,d); load average %s", register.throughput(),
							100 * register.throughput() / ceiling, ceiling, cpu / 1e3 / register.requests(), cpu / 1e9,
							register.requests(), ServerProcess.loadAverage()));
			lines.forEach(System.out::println);
			return lines;
		}
	}

}
