package dev.discovery.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.discovery.benchmarks.load.ServerProcess;

/**
 * What the registry processes, the etcd members and the load generator spend: CPU time from {@code /proc/<pid>/stat}
 * (per thread from {@code /proc/<pid>/task}, pools as one) and each replica's GC pause time from its metrics, read
 * before and after a measurement and given per change. Unlike latencies on a shared machine, these stay comparable
 * when the machine's load moves.
 */
final class ProcessCosts {

	private static final Pattern GC_TOTAL = Pattern
		.compile("\"statistic\"\\s*:\\s*\"TOTAL_TIME\"\\s*,\\s*\"value\"\\s*:\\s*([0-9.Ee+-]+)");

	static final double TICK_MILLIS = 10;

	private final List<ServerProcess> replicas;

	private final List<Long> etcdPids;

	ProcessCosts(List<ServerProcess> replicas, List<Long> etcdPids) {
		this.replicas = replicas;
		this.etcdPids = etcdPids;
	}

	/**
	 * Reads the counters now.
	 * @return CPU time of every process and thread, GC pause time of every replica
	 * @throws IOException if {@code /proc} or a replica cannot be read
	 * @throws InterruptedException if interrupted
	 */
	Usage usage() throws IOException, InterruptedException {
		List<Long> replicaTicks = new ArrayList<>();
		List<Double> gcSeconds = new ArrayList<>();
		List<Map<String, Long>> threads = new ArrayList<>();
		for (ServerProcess replica : this.replicas) {
			replicaTicks.add(cpuTicks(replica.pid()));
			threads.add(threadTicks(replica.pid()));
			Matcher total = GC_TOTAL.matcher(replica.get("/actuator/metrics/jvm.gc.pause").body());
			gcSeconds.add(total.find() ? Double.parseDouble(total.group(1)) : 0);
		}
		long etcdTicks = 0;
		for (long pid : this.etcdPids) {
			etcdTicks += cpuTicks(pid);
		}
		return new Usage(replicaTicks, gcSeconds, threads, etcdTicks, cpuTicks(ProcessHandle.current().pid()));
	}

	/** CPU ticks of a process's threads, by thread name with its numbers left out (pools as one). */
	private static Map<String, Long> threadTicks(long pid) throws IOException {
		Map<String, Long> ticks = new TreeMap<>();
		try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks.toList()) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
				}
				catch (IOException ex) {
					// The thread ended meanwhile.
				}
			}
		}
		return ticks;
	}

	/** User and system CPU time of a process, in clock ticks (100 per second on Linux). */
	static long cpuTicks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** CPU and GC counters at one moment. */
	record Usage(List<Long> replicaTicks, List<Double> gcSeconds, List<Map<String, Long>> threads,
			long etcdTicks, long selfTicks) {

		Cost costPerChange(Usage after, int rounds) {
			List<Double> replicas = new ArrayList<>();
			List<Double> gc = new ArrayList<>();
			List<Map<String, Double>> threads = new ArrayList<>();
			for (int i = 0; i < this.replicaTicks.size(); i++) {
				replicas.add((after.replicaTicks.get(i) - this.replicaTicks.get(i)) * TICK_MILLIS / rounds);
				gc.add((after.gcSeconds.get(i) - this.gcSeconds.get(i)) * 1000);
				Map<String, Double> byThread = new LinkedHashMap<>();
				Map<String, Long> before = this.threads.get(i);
				after.threads.get(i).entrySet()
					.stream()
					.map((e) -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
					.filter((e) -> e.getValue() > 0)
					.sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
					.forEach((e) -> byThread.put(e.getKey(), e.getValue() * TICK_MILLIS / rounds));
				threads.add(byThread);
			}
			return new Cost(replicas, (after.etcdTicks - this.etcdTicks) * TICK_MILLIS / rounds,
					(after.selfTicks - this.selfTicks) * TICK_MILLIS / rounds, gc, threads);
		}

	}

	/**
	 * CPU time per change measured (milliseconds), and GC pauses over the measured rounds.
	 *
	 * @param replicas per replica, the writer first
	 * @param etcd the etcd members together (0 in memory mode)
	 * @param loadGenerator this process: the watchers' reader threads, the writes, the etcd observer
	 * @param gcPauseMillis per replica, the total GC pause time over the measured rounds
	 * @param threads per replica, CPU time per change by thread (pools as one), the largest first
	 */
	public record Cost(List<Double> replicas, double etcd, double loadGenerator, List<Double> gcPauseMillis,
			List<Map<String, Double>> threads) {
	}

}
