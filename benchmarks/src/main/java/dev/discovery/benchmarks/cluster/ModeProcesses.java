package dev.discovery.benchmarks.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.discovery.benchmarks.SuiteSettings;
import dev.discovery.benchmarks.load.LoadRun;
import dev.discovery.benchmarks.load.RegistryScenarios;
import dev.discovery.benchmarks.load.ServerProcess;
import dev.discovery.server.cluster.EtcdCluster;

/** One mode's processes, kept over every round of the cluster benchmark, and what measures them. */
final class ModeProcesses {

	final String name;

	final List<ServerProcess> replicas;

	final PropagationStages.@Nullable Etcd members;

	final PhaseCosts costs;

	final RegistryScenarios scenarios;

	ModeProcesses(String name, List<ServerProcess> replicas, @Nullable EtcdCluster etcd, List<Long> idlePids,
			SuiteSettings settings) {
		this.name = name;
		this.replicas = replicas;
		List<EtcdCluster.Member> etcdMembers = (etcd != null) ? etcd.members() : List.of();
		List<Long> etcdPids = etcdMembers.stream().map(EtcdCluster.Member::pid).toList();
		this.members = (etcd != null) ? new PropagationStages.Etcd(etcd.endpoints(), "/discovery/", etcdPids)
				: null;
		this.costs = new PhaseCosts(replicas, etcdPids,
				etcdMembers.stream().map(EtcdCluster.Member::clientUrl).toList(), idlePids);
		this.scenarios = new RegistryScenarios(new LoadRun("127.0.0.1", writer().port()),
				settings.concurrency(), settings.duration());
	}

	/** The replica that answers the requests. */
	ServerProcess writer() {
		return this.replicas.get(0);
	}

	/**
	 * A full collection in every registry JVM of the mode, so the next scenario starts with an empty young
	 * generation. Waits until the JVM's {@code jvm.gc.pause} metric counted it (at most 10 s): the metric learns
	 * of a collection from a notification delivered after it, and on a loaded machine that came after the next
	 * scenario had started, which then showed the requested collection's pause as its own.
	 */
	void collectGarbage() throws IOException, InterruptedException {
		for (ServerProcess replica : this.replicas) {
			double before = gcCount(replica);
			replica.jcmd("GC.run");
			long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (gcCount(replica) <= before && System.nanoTime() < end) {
				Thread.sleep(50);
			}
		}
	}

	private double gcCount(ServerProcess replica) throws IOException, InterruptedException {
		return PhaseCosts.value(PhaseCosts.COUNT, replica.get("/actuator/metrics/jvm.gc.pause").body());
	}

	/**
	 * Waits until no lease renewal is in flight on the answering replica (its count of acknowledged and abandoned
	 * renewals stood still for a second), at most 30 s, so no renewal of the warm-up or of a round lands in the
	 * next one's scenarios.
	 */
	void awaitRenewals() throws IOException, InterruptedException {
		long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		double last = -1;
		int still = 0;
		while (still < 2 && System.nanoTime() < end) {
			double now = this.costs.renewalsSettled();
			still = (now == last) ? still + 1 : 0;
			last = now;
			Thread.sleep(500);
		}
	}

}
