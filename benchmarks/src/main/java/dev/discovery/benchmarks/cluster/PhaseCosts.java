package dev.discovery.benchmarks.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.discovery.benchmarks.load.ServerProcess;

/**
 * What each scenario costs every process (CPU time from {@code /proc}) and etcd (its own counters from
 * {@code /metrics} on every member): Raft proposals, keep-alive messages the members received and lease renewals the
 * leader made. Read before and after each scenario, so a figure shows what limits it on a shared machine: the
 * replica's own work per request, or the etcd members' and the other replica's share of the cores.
 */
final class PhaseCosts {

	private static final Pattern PROPOSALS = Pattern
		.compile("(?m)^etcd_server_proposals_committed_total\\s+([0-9.e+]+)");

	private static final Pattern KEEP_ALIVES = Pattern
		.compile("(?m)^grpc_server_msg_received_total\\{[^}]*grpc_method=\"LeaseKeepAlive\"[^}]*}\\s+([0-9.e+]+)");

	private static final Pattern RENEWED = Pattern.compile("(?m)^etcd_debugging_lease_renewed_total\\s+([0-9.e+]+)");

	private static final Pattern REVOKED = Pattern.compile("(?m)^etcd_debugging_lease_revoked_total\\s+([0-9.e+]+)");

	static final Pattern COUNT = Pattern
		.compile("\"statistic\"\\s*:\\s*\"COUNT\"\\s*,\\s*\"value\"\\s*:\\s*([0-9.Ee+-]+)");

	private final ProcessCosts processes;

	private final ServerProcess writer;

	private final List<String> etcdUrls;

	private final List<Long> idlePids;

	private final HttpClient http = HttpClient.newHttpClient();

	/**
	 * @param replicas the registries, the one answering the requests first
	 * @param etcdPids the etcd members' process ids (none in memory mode)
	 * @param etcdUrls the etcd members' client URLs (none in memory mode)
	 * @param idlePids the other mode's processes, kept running but sent nothing meanwhile
	 */
	PhaseCosts(List<ServerProcess> replicas, List<Long> etcdPids, List<String> etcdUrls, List<Long> idlePids) {
		this.processes = new ProcessCosts(replicas, etcdPids);
		this.writer = replicas.get(0);
		this.etcdUrls = etcdUrls;
		this.idlePids = idlePids;
	}

	/**
	 * Lease renewals etcd acknowledged to the answering replica, and those it gave up on, together (0 in memory
	 * mode): while it still moves, renewals are in flight.
	 */
	double renewalsSettled() throws IOException, InterruptedException {
		if (this.etcdUrls.isEmpty()) {
			return 0;
		}
		return value(COUNT, this.writer.get("/actuator/metrics/discovery.store.etcd.renewals").body())
				+ value(COUNT, this.writer.get("/actuator/metrics/discovery.store.etcd.renewal.failures").body());
	}

	/** The counters now. */
	Mark mark() throws IOException, InterruptedException {
		double[] etcd = new double[6];
		for (String url : this.etcdUrls) {
			String body = this.http
				.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			// Every member counts the proposals it applied: the largest is the leader's.
			etcd[0] = Math.max(etcd[0], value(PROPOSALS, body));
			etcd[1] += value(KEEP_ALIVES, body);
			etcd[2] += value(RENEWED, body);
			etcd[3] += value(REVOKED, body);
		}
		if (!this.etcdUrls.isEmpty()) {
			// The answering replica's own count: renewals etcd acknowledged, and those it gave up on.
			etcd[4] = value(COUNT, this.writer.get("/actuator/metrics/discovery.store.etcd.renewals").body());
			etcd[5] = value(COUNT, this.writer.get("/actuator/metrics/discovery.store.etcd.renewal.failures").body());
		}
		long idle = 0;
		for (long pid : this.idlePids) {
			idle += ProcessCosts.cpuTicks(pid);
		}
		return new Mark(this.processes.usage(), etcd, idle, System.nanoTime());
	}

	static double value(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher(body);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	/**
	 * What a scenario cost since a mark.
	 * @param before the mark taken when it started
	 * @param requests the requests it answered (0 for a quiet period: costs are then given per second)
	 * @return its costs
	 */
	Phase since(Mark before, long requests) throws IOException, InterruptedException {
		Mark after = mark();
		ProcessCosts.Cost total = before.usage().costPerChange(after.usage(), 1);
		double seconds = (after.nanos() - before.nanos()) / 1e9;
		double per = (requests > 0) ? requests / 1000.0 : seconds;
		List<Double> replicas = new ArrayList<>();
		total.replicas().forEach((millis) -> replicas.add(millis / per));
		List<String> threads = new ArrayList<>();
		for (var byThread : total.threads()) {
			threads.add(byThread.entrySet()
				.stream()
				.limit(5)
				.map((e) -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / per))
				.collect(Collectors.joining(", ")));
		}
		return new Phase(requests, seconds, replicas, total.etcd() / per, total.loadGenerator() / per,
				total.gcPauseMillis(), after.etcd()[0] - before.etcd()[0], after.etcd()[1] - before.etcd()[1],
				after.etcd()[2] - before.etcd()[2], after.etcd()[3] - before.etcd()[3],
				after.etcd()[4] - before.etcd()[4], after.etcd()[5] - before.etcd()[5], threads,
				(after.idleTicks() - before.idleTicks()) * ProcessCosts.TICK_MILLIS / seconds);
	}

	/** Counters at one moment. */
	record Mark(ProcessCosts.Usage usage, double[] etcd, long idleTicks, long nanos) {
	}

	/**
	 * One scenario's costs: CPU time per 1,000 requests (ms), or per second of a quiet period.
	 *
	 * @param requests requests answered (0: a quiet period)
	 * @param seconds how long it took
	 * @param replicas CPU per replica, the answering one first
	 * @param etcd CPU of the etcd members together
	 * @param loadGenerator CPU of the load generator
	 * @param gcPauseMillis per replica, GC pause time over the scenario
	 * @param proposals Raft proposals etcd committed
	 * @param keepAlives keep-alive messages the etcd members received
	 * @param renewed lease renewals etcd's leader made
	 * @param revoked leases etcd revoked (expired or deleted)
	 * @param replicaRenewals lease renewals etcd acknowledged to the answering replica
	 * @param replicaFailures lease renewals the answering replica gave up on (unanswered, or the stream broke)
	 * @param threads per replica, its busiest threads with their CPU time (pools as one)
	 * @param idle CPU time per second (ms) of the other mode's processes, running but sent nothing meanwhile
	 */
	record Phase(long requests, double seconds, List<Double> replicas, double etcd, double loadGenerator,
			List<Double> gcPauseMillis, double proposals, double keepAlives, double renewed, double revoked,
			double replicaRenewals, double replicaFailures, List<String> threads, double idle) {

		/** The CPU columns of a report row: each replica, etcd, the load generator. */
		String cpu(int replicaColumns) {
			StringBuilder row = new StringBuilder();
			for (int i = 0; i < replicaColumns; i++) {
				row.append(i < this.replicas.size() ? String.format(Locale.ROOT, " %.2f |", this.replicas.get(i))
						: " – |");
			}
			return row.append(String.format(Locale.ROOT, " %s | %.2f |",
					(this.etcd > 0 || this.proposals > 0) ? String.format(Locale.ROOT, "%.2f", this.etcd) : "–",
					this.loadGenerator)).toString();
		}

		/** etcd's counters over the scenario. */
		String etcdCounters() {
			return String.format(Locale.ROOT, "%,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f", this.proposals,
					this.keepAlives, this.renewed, this.revoked, this.replicaRenewals, this.replicaFailures);
		}

	}

}
