package dev.discovery.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What keeping the registry on disk costs: the same registrations and deregistrations against a registry in memory
 * only and against one with its journal and snapshot ({@code discovery.server.snapshot.enabled=true}), two fresh
 * processes, warmed up, measured in turns, each against its own ceiling taken just before.
 */
public final class DurabilityScenario {

	private DurabilityScenario() {
	}

	/** Rounds per registry; the two registries take turns, so both see the same load on a shared machine. */
	static final int ROUNDS = 3;

	/**
	 * Runs both registries side by side, taking turns: in each round each registers a fresh batch of instances and
	 * deregisters it again, right after measuring its own ceiling.
	 * @param jar the registry's executable jar
	 * @param jvmOptions the registry's JVM options
	 * @param concurrency connections at once
	 * @param duration the ceiling's duration (registrations may take six times as long)
	 * @param registrations how many instances to register, and then deregister, over all rounds
	 * @param services how many services they are spread over
	 * @return one row per registry and round
	 * @throws IOException if a registry cannot be started
	 * @throws InterruptedException if interrupted
	 */
	public static List<Row> run(Path jar, List<String> jvmOptions, int concurrency, Duration duration,
			long registrations, int services) throws IOException, InterruptedException {
		Path data = Path.of("target/bench-durability").toAbsolutePath();
		delete(data);
		List<String> journal = List.of("--discovery.server.snapshot.enabled=true",
				"--discovery.server.snapshot.path=" + data.resolve("registry-snapshot.json"));
		List<Row> rows = new ArrayList<>();
		try (ServerProcess memory = ServerProcess.start(jar, jvmOptions,
				List.of("--discovery.server.snapshot.enabled=false"), Path.of("target/bench-durability-memory.log"));
				ServerProcess journalled = ServerProcess.start(jar, jvmOptions, journal,
						Path.of("target/bench-durability-journal.log"))) {
			RegistryScenarios[] stores = { scenarios(memory, concurrency, duration),
					scenarios(journalled, concurrency, duration) };
			String[] names = { "memory only", "memory + journal" };
			for (RegistryScenarios store : stores) {
				store.warmUp();
			}
			long batch = registrations / ROUNDS;
			for (int round = 1; round <= ROUNDS; round++) {
				for (int i = 0; i < stores.length; i++) {
					RunResult ceiling = stores[i].ceiling();
					long first = (round - 1) * batch;
					Duration limit = duration.multipliedBy(6);
					Row row = new Row(names[i], round, ceiling,
							stores[i].register("register (" + names[i] + ")", first, batch, services, limit),
							stores[i].deregister("deregister (" + names[i] + ")", first, batch, services, limit));
					System.out.println(row);
					rows.add(row);
				}
			}
		}
		return rows;
	}

	private static RegistryScenarios scenarios(ServerProcess server, int concurrency, Duration duration) {
		return new RegistryScenarios(new LoadRun("127.0.0.1", server.port()), concurrency, duration);
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	/**
	 * One registry's figures.
	 *
	 * @param store how it keeps its state
	 * @param round the round
	 * @param ceiling its {@code GET /health/live} ceiling in the same run
	 * @param register the registrations
	 * @param deregister the deregistrations of the same instances
	 */
	public record Row(String store, int round, RunResult ceiling, RunResult register, RunResult deregister) {
	}

}
