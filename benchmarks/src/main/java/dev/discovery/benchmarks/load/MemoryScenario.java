package dev.discovery.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the registry to each size in turn and reads its live heap, RSS and threads, then measures request latency
 * at the largest size.
 */
public final class MemoryScenario {

	/**
	 * One size's footprint.
	 *
	 * @param instances instances registered
	 * @param liveHeapBytes heap in use after a full collection
	 * @param rssBytes resident set size of the registry's process
	 * @param threads the registry's threads
	 * @param registration the registration run that filled it
	 */
	public record Footprint(long instances, long liveHeapBytes, long rssBytes, long threads, RunResult registration) {
	}

	private final ServerProcess server;

	private final RegistryScenarios scenarios;

	public MemoryScenario(ServerProcess server, RegistryScenarios scenarios) {
		this.server = server;
		this.scenarios = scenarios;
	}

	/**
	 * Registers instances until each size is reached and measures the footprint there.
	 * @param sizes increasing instance counts
	 * @param services how many services the instances are spread over
	 * @return a footprint per size
	 * @throws IOException if the registry cannot be read
	 * @throws InterruptedException if interrupted
	 */
	public List<Footprint> fill(long[] sizes, int services) throws IOException, InterruptedException {
		List<Footprint> footprints = new ArrayList<>();
		long registered = 0;
		for (long size : sizes) {
			RunResult run = this.scenarios.register("register to " + size, 1_000_000 + registered, size - registered,
					services, Duration.ofMinutes(3));
			registered = size;
			long[] rss = this.server.rssAndThreads();
			footprints.add(new Footprint((long) this.server.metric("discovery.registry.instances"),
					this.server.liveHeapBytes(), rss[0], rss[1], run));
		}
		return footprints;
	}

}
