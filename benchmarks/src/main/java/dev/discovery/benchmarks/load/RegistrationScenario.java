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
			RunResult before = scenarios.ceiling();
			long cpu = server.cpuNanos();
			RunResult register = scenarios.register("register", 0, registrations, services, duration.multipliedBy(6));
			cpu = server.cpuNanos() - cpu;
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
