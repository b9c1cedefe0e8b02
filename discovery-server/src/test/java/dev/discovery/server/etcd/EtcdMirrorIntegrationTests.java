package dev.discovery.server.etcd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.LeaseOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.cluster.EtcdCluster;
import dev.discovery.server.cluster.EtcdClusterExtension;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two mirrors of one prefix on a real three-member etcd cluster, as two replicas would hold them: every write and
 * every expiry reaches both, once, with the same revision, also across the loss of etcd's leader.
 */
class EtcdMirrorIntegrationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(3);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private static Client client;

	private static EtcdKeys keys;

	private static EtcdWrites writes;

	@BeforeAll
	static void connect() {
		client = Client.builder().endpoints(etcd.cluster().endpoints().split(",")).build();
		keys = new EtcdKeys("/mirror-tests");
		writes = new EtcdWrites(client, keys, new InstanceCodec(), TIMEOUT);
	}

	@AfterAll
	static void disconnect() {
		client.close();
		scheduler.shutdownNow();
	}

	@Test
	void registrationUpdateAndDeregistrationShouldReachBothMirrorsWithTheirRevisions() throws Exception {
		Recorder a = new Recorder();
		Recorder b = new Recorder();
		try (EtcdMirror first = mirror(a); EtcdMirror second = mirror(b)) {
			EtcdWrites.Written registered = writes.register(instance("orders", "o-1", Duration.ofSeconds(30)));
			assertThat(registered.created()).isTrue();
			EtcdWrites.Written updated = writes.replace(
					withStatus(instance("orders", "o-1", Duration.ofSeconds(30)), InstanceStatus.OUT_OF_SERVICE),
					registered.revision(), registered.lease());
			assertThat(updated).isNotNull();
			assertThat(writes.replace(instance("orders", "o-1", Duration.ofSeconds(30)), registered.revision(),
					registered.lease())).as("a write based on a stale revision").isNull();
			Long removed = writes.remove("orders", "o-1", 0);

			List<String> expected = List.of("put orders/o-1 created @" + registered.revision(),
					"put orders/o-1 OUT_OF_SERVICE @" + updated.revision(), "deregistered orders/o-1 @" + removed);
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(a.events).containsSubsequence(expected);
				assertThat(b.events).containsSubsequence(expected);
			});
			assertThat(first.awaitRevision(removed, TIMEOUT)).isTrue();
			assertThat(writes.remove("orders", "o-1", 0)).as("nothing left to remove").isNull();
		}
	}

	@Test
	void leaseExpiryShouldReachEveryMirrorOnceWithTheSameRevision() throws Exception {
		Recorder a = new Recorder();
		Recorder b = new Recorder();
		try (EtcdMirror first = mirror(a); EtcdMirror second = mirror(b)) {
			writes.register(instance("billing", "b-1", Duration.ofSeconds(1)));
			await().atMost(Duration.ofSeconds(15)).until(() -> a.events.stream().anyMatch((e) -> e.startsWith("expired"))
					&& b.events.stream().anyMatch((e) -> e.startsWith("expired")));
			List<String> expiredA = a.events.stream().filter((e) -> e.startsWith("expired")).toList();
			List<String> expiredB = b.events.stream().filter((e) -> e.startsWith("expired")).toList();
			assertThat(expiredA).hasSize(1).isEqualTo(expiredB);
		}
	}

	@Test
	void heartbeatsShouldKeepALeaseAliveBeyondItsGrantWithOneRenewalPerSlackAndItShouldRunOutWhenTheyStop()
			throws Exception {
		Duration ttl = Duration.ofSeconds(2);
		LeaseRenewals renewals = new LeaseRenewals(client.getLeaseClient());
		EtcdWrites.Written kept = writes.register(instance("renewed", "k-1", ttl));
		EtcdWrites.Written left = writes.register(instance("renewed", "l-1", ttl));
		// Granted for 3 s (TTL plus a second of slack); heartbeats twice a second for twice as long.
		int heartbeats = 0;
		long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
		while (System.nanoTime() < end) {
			renewals.heartbeat(kept.lease(), ttl);
			heartbeats++;
			Thread.sleep(500);
		}
		assertThat(remainingSeconds(kept.lease())).as("the lease heartbeats kept").isPositive();
		assertThat(remainingSeconds(left.lease())).as("the lease no heartbeat reached").isNegative();
		assertThat(renewals.renewals()).as("renewals, at most one per slack").isPositive().isLessThan(heartbeats);
		assertThat(renewals.failures()).isZero();
		// Stopped: gone within the grant (and a tick of the keep-alive stream) after the last renewal.
		await().atMost(Duration.ofSeconds(6)).until(() -> remainingSeconds(kept.lease()) < 0);
		assertThat(renewals.pending()).as("nothing left on the keep-alive stream").isZero();
	}

	@Test
	void aLeaseGrantedAheadShouldRunAFullTtlFromTheRegistrationThatTakesItAndNeverBeHandedOutTooOld()
			throws Exception {
		LeasePool pool = new LeasePool(client.getLeaseClient());
		Duration ttl = Duration.ofSeconds(30);
		assertThat(pool.take(ttl)).as("nothing granted ahead yet").isNull();
		await().atMost(TIMEOUT).until(() -> pool.ready() == 1);
		Long taken = pool.take(ttl);
		assertThat(taken).isNotNull();
		assertThat(remainingSeconds(taken)).isGreaterThanOrEqualTo(ttl.toSeconds());

		// A short TTL (a second of slack): what waited longer than the slack is not handed out.
		Duration shortTtl = Duration.ofSeconds(2);
		pool.take(shortTtl);
		await().atMost(TIMEOUT).until(() -> pool.ready() == 2);
		Thread.sleep(1_100);
		assertThat(pool.take(shortTtl)).as("granted more than the slack ago").isNull();
	}

	@Test
	void mirrorShouldFollowWritesAcrossTheLossOfTheEtcdLeader() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		Recorder recorder = new Recorder();
		try (EtcdMirror mirror = mirror(recorder)) {
			EtcdCluster.Member leader = cluster.leader();
			cluster.kill(leader);
			try {
				EtcdWrites.Written written = await().atMost(Duration.ofSeconds(20))
					.ignoreExceptions()
					.until(() -> writes.register(instance("payments", "p-1", Duration.ofSeconds(30))), (w) -> w != null);
				assertThat(mirror.awaitRevision(written.revision(), Duration.ofSeconds(20))).isTrue();
				assertThat(recorder.events).contains("put payments/p-1 created @" + written.revision());
			}
			finally {
				cluster.restart(leader);
				cluster.awaitHealthy();
			}
		}
	}

	@Test
	void aMirrorCutOffFromEtcdShouldCatchUpFromTheRevisionItHadWithEveryChangeItMissedOnce() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		EtcdCluster.Member leader = cluster.leader();
		// A follower the mirror's client alone talks to: killing it cuts the mirror off while etcd keeps its quorum.
		EtcdCluster.Member follower = cluster.members().stream().filter((m) -> m != leader).findFirst().orElseThrow();
		Recorder recorder = new Recorder();
		try (Client only = Client.builder().endpoints(follower.clientUrl()).build();
				EtcdMirror mirror = new EtcdMirror(only, keys, new InstanceCodec(), recorder, scheduler, TIMEOUT)) {
			mirror.start();
			EtcdWrites.Written first = writes.register(instance("catch-up", "c-1", Duration.ofSeconds(30)));
			assertThat(mirror.awaitRevision(first.revision(), TIMEOUT)).isTrue();
			cluster.kill(follower);
			List<String> missed;
			try {
				EtcdWrites.Written second = writes.register(instance("catch-up", "c-2", Duration.ofSeconds(30)));
				Long removed = writes.remove("catch-up", "c-1", 0);
				missed = List.of("put catch-up/c-2 created @" + second.revision(), "deregistered catch-up/c-1 @" + removed);
				await().atMost(Duration.ofSeconds(20)).until(() -> !mirror.watching());
				assertThat(mirror.revision()).as("the view held while cut off").isLessThan(second.revision());
			}
			finally {
				cluster.restart(follower);
				cluster.awaitHealthy();
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> recorder.events.containsAll(missed));
			assertThat(mirror.watching()).isTrue();
			List<String> after = recorder.events.subList(recorder.events.indexOf("put catch-up/c-1 created @"
					+ first.revision()) + 1, recorder.events.size());
			assertThat(after).as("resumed from the revision it had: each missed change once, in order, no reload")
				.filteredOn((event) -> event.contains("catch-up") || event.startsWith("reset"))
				.containsExactlyElementsOf(missed);
		}
	}

	@Test
	void membershipShouldGiveEveryInstanceExactlyOneOwnerAndMoveOnlyTheLeaversShare() throws Exception {
		Recorder recorder = new Recorder();
		try (EtcdMirror mirror = mirror(recorder);
				Membership one = new Membership(client, keys, "replica-1", "r1", Duration.ofSeconds(2), scheduler);
				Membership two = new Membership(client, keys, "replica-2", "r2", Duration.ofSeconds(2), scheduler)) {
			recorder.memberships = List.of(one, two);
			one.join(TIMEOUT);
			two.join(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> one.members().containsAll(Set.of("replica-1", "replica-2")));
			int ownedByOne = 0;
			for (int i = 0; i < 200; i++) {
				String id = "i-" + i;
				assertThat(one.owns("svc", id)).isNotEqualTo(two.owns("svc", id));
				ownedByOne += one.owns("svc", id) ? 1 : 0;
			}
			assertThat(ownedByOne).isBetween(60, 140);

			two.close();
			await().atMost(TIMEOUT).until(() -> !one.members().contains("replica-2"));
			for (int i = 0; i < 200; i++) {
				assertThat(one.owns("svc", "i-" + i)).isTrue();
			}
		}
	}

	private static long remainingSeconds(long lease) throws Exception {
		return client.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT).get().getTTL();
	}

	private EtcdMirror mirror(Recorder recorder) throws Exception {
		EtcdMirror mirror = new EtcdMirror(client, keys, new InstanceCodec(), recorder, scheduler, TIMEOUT);
		mirror.start();
		return mirror;
	}

	private static RegisteredInstance instance(String service, String id, Duration ttl) {
		InstanceSpec spec = Registrations.spec("10.0.0.1", 8080);
		InstanceSpec withTtl = new InstanceSpec(spec.host(), spec.port(), spec.secure(), spec.metadata(), spec.tags(),
				spec.zone(), spec.weight(), ttl, spec.healthCheck(), spec.status());
		Instant now = Instant.now();
		return new RegisteredInstance(service, id, withTtl, InstanceStatus.UP, HealthState.PASSING, null, null, now, now,
				0);
	}

	private static RegisteredInstance withStatus(RegisteredInstance instance, InstanceStatus status) {
		return new RegisteredInstance(instance.service(), instance.id(), instance.spec(), status, instance.health(),
				instance.healthOutput(), instance.lastCheckAt(), instance.registeredAt(), instance.lastHeartbeat(), 0);
	}

	/** Writes down what a mirror applies, one line per event. */
	static final class Recorder implements MirrorListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		volatile List<Membership> memberships = List.of();

		@Override
		public void reset(long revision, List<Mirrored> instances) {
			this.events.add("reset " + instances.size() + " @" + revision);
		}

		@Override
		public void put(Mirrored mirrored, boolean created) {
			RegisteredInstance instance = mirrored.instance();
			this.events.add("put " + instance.service() + "/" + instance.id() + " "
					+ (created ? "created" : instance.status().name()) + " @" + instance.index());
		}

		@Override
		public void removed(String service, String id, long revision, boolean deregistered) {
			this.events.add((deregistered ? "deregistered " : "expired ") + service + "/" + id + " @" + revision);
		}

		@Override
		public void members(Set<String> members) {
			this.memberships.forEach((membership) -> membership.members(members));
		}

	}

}
