package dev.discovery.server.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.registry.RegistryChange.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The store contract ({@link Registry}) as one suite that every store runs: extend it, say how to create a store,
 * how to let time pass for its leases, and, for a store that keeps its state, how to restart it. Assertions hold
 * for any store: indexes only grow (not necessarily one by one), a distributed store may publish an expiry it
 * decided by itself a moment later (awaited, not assumed), and nothing here depends on a test clock.
 */
public abstract class RegistryContractTests {

	/** Limits the capacity tests use. */
	protected static final int MAX_PER_SERVICE = 3;

	protected static final int MAX_TOTAL = 5;

	protected static final Duration TTL = Duration.ofSeconds(5);

	protected Registry registry;

	protected final Recorder recorder = new Recorder();

	/**
	 * A new, empty store.
	 * @param maxPerService most instances one service may have
	 * @param maxTotal most instances in all
	 * @return the store
	 */
	protected abstract Registry createRegistry(int maxPerService, int maxTotal);

	/**
	 * Lets time pass for the store's leases: a test clock moves, or the test waits.
	 * @param duration how long
	 */
	protected abstract void elapse(Duration duration);

	/**
	 * Releases what a store holds (connections, files). Called after each test.
	 * @param store the store
	 */
	protected void close(Registry store) {
	}

	/** Threads and instances per thread of the concurrency test; a slower store may use fewer. */
	protected int[] concurrency() {
		return new int[] { 8, 100 };
	}

	@BeforeEach
	void createStore() {
		this.registry = createRegistry(Integer.MAX_VALUE, Integer.MAX_VALUE);
		this.registry.addListener(this.recorder);
	}

	@AfterEach
	void closeStore() {
		close(this.registry);
	}

	protected static InstanceSpec spec(String host) {
		return Registrations.spec(host, 8080, TTL);
	}

	@Test
	void registerShouldReportNewThenReplaced() {
		RegistryChange first = this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		RegistryChange replaced = this.registry.register("pay", "pay-1", spec("10.0.0.2"));
		assertThat(first.kind()).isEqualTo(Kind.REGISTERED);
		assertThat(replaced.kind()).isEqualTo(Kind.UPDATED);
		assertThat(this.registry.instance("pay", "pay-1").spec().host()).isEqualTo("10.0.0.2");
		assertThat(this.registry.instanceCount()).isEqualTo(1);
		assertThat(this.registry.instance("pay", "pay-1").health()).isEqualTo(HealthState.PASSING);
	}

	@Test
	void everyChangeShouldGetAGreaterIndexAndBeReadBackAtOnce() {
		long start = this.registry.index();
		RegistryChange a = this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		assertThat(this.registry.index()).isGreaterThanOrEqualTo(a.index());
		assertThat(this.registry.instance("pay", "pay-1").index()).isEqualTo(a.index());
		RegistryChange b = this.registry.register("pay", "pay-2", spec("10.0.0.2"));
		RegisteredInstance out = this.registry.setStatus("pay", "pay-1", InstanceStatus.OUT_OF_SERVICE);
		RegistryChange gone = this.registry.deregister("pay", "pay-2");
		assertThat(List.of(start, a.index(), b.index(), out.index(), gone.index())).isSorted().doesNotHaveDuplicates();
		assertThat(this.registry.index()).isGreaterThanOrEqualTo(gone.index());
		assertThat(this.registry.instance("pay", "pay-1").status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
	}

	@Test
	void heartbeatShouldRenewTheLeaseWithoutAChange() {
		RegistryChange registered = this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		long index = this.registry.index();
		elapse(Duration.ofSeconds(2));
		RegisteredInstance renewed = this.registry.heartbeat("pay", "pay-1");
		assertThat(renewed.lastHeartbeat()).isAfter(registered.instance().lastHeartbeat());
		assertThat(renewed.leaseExpiresAt()).isEqualTo(renewed.lastHeartbeat().plus(TTL));
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.recorder.changes).hasSize(1);
		assertThat(this.recorder.heartbeats).containsExactly("pay/pay-1");
	}

	@Test
	void heartbeatOfAnUnknownInstanceShouldFail() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		assertThatExceptionOfType(InstanceNotFoundException.class)
			.isThrownBy(() -> this.registry.heartbeat("pay", "pay-2"));
		assertThatExceptionOfType(InstanceNotFoundException.class)
			.isThrownBy(() -> this.registry.heartbeat("orders", "pay-1"));
	}

	@Test
	void leaseShouldExpireOnceAfterItsTtl() {
		RegistryChange registered = this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		elapse(TTL.minusSeconds(2));
		this.registry.expireLeases();
		assertThat(this.registry.instanceCount("pay")).isOne();
		elapse(Duration.ofSeconds(3));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			this.registry.expireLeases();
			assertThat(this.registry.serviceCount()).isZero();
		});
		assertThat(this.registry.instanceCount()).isZero();
		assertThat(this.recorder.changes).filteredOn((change) -> change.kind() == Kind.EXPIRED)
			.singleElement()
			.satisfies((change) -> {
				assertThat(change.instanceId()).isEqualTo("pay-1");
				assertThat(change.index()).isGreaterThan(registered.index());
			});
	}

	@Test
	void heartbeatsShouldKeepTheLeaseAlive() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		for (int i = 0; i < 4; i++) {
			elapse(TTL.minusSeconds(2));
			this.registry.heartbeat("pay", "pay-1");
			this.registry.expireLeases();
		}
		assertThat(this.registry.instanceCount("pay")).isOne();
		assertThat(this.recorder.changes).noneMatch((change) -> change.kind() == Kind.EXPIRED);
	}

	@Test
	void theGuardShouldBeAskedBeforeAnInstanceExpires() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		elapse(TTL.plusSeconds(1));
		List<String> asked = new CopyOnWriteArrayList<>();
		assertThat(this.registry.expireLeases((candidate) -> asked.add(candidate.id()) && false)).isEmpty();
		assertThat(asked).contains("pay-1");
		assertThat(this.registry.instanceCount("pay")).isOne();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			this.registry.expireLeases();
			assertThat(this.registry.instanceCount("pay")).isZero();
		});
	}

	@Test
	void passingViewShouldLeaveOutInstancesNotUpOrCritical() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		this.registry.register("pay", "pay-2", spec("10.0.0.2"));
		this.registry.register("pay", "pay-3", spec("10.0.0.3"));
		this.registry.setStatus("pay", "pay-2", InstanceStatus.OUT_OF_SERVICE);
		RegisteredInstance critical = this.registry.setHealth("pay", "pay-3", HealthState.CRITICAL, "refused");
		assertThat(this.registry.instances("pay", true)).extracting(RegisteredInstance::id).containsExactly("pay-1");
		assertThat(this.registry.instances("pay", false)).extracting(RegisteredInstance::id)
			.containsExactly("pay-1", "pay-2", "pay-3");
		assertThat(this.registry.services()).containsExactly(new ServiceSummary("pay", 3, 1, critical.index()));
	}

	@Test
	void settingWhatIsAlreadySetShouldNotBeAChange() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		long index = this.registry.index();
		this.registry.setStatus("pay", "pay-1", InstanceStatus.UP);
		RegisteredInstance checked = this.registry.setHealth("pay", "pay-1", HealthState.PASSING, "200 OK");
		assertThat(checked.healthOutput()).isEqualTo("200 OK");
		assertThat(this.registry.instance("pay", "pay-1").healthOutput()).isEqualTo("200 OK");
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.recorder.changes).hasSize(1);
	}

	@Test
	void updatesOfAnUnknownInstanceShouldFailAndChangeNothing() {
		long index = this.registry.index();
		assertThatExceptionOfType(InstanceNotFoundException.class)
			.isThrownBy(() -> this.registry.setStatus("pay", "pay-1", InstanceStatus.OUT_OF_SERVICE));
		assertThatExceptionOfType(InstanceNotFoundException.class)
			.isThrownBy(() -> this.registry.setHealth("pay", "pay-1", HealthState.CRITICAL, "refused"));
		assertThatExceptionOfType(InstanceNotFoundException.class)
			.isThrownBy(() -> this.registry.deregister("pay", "pay-1"));
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.recorder.changes).isEmpty();
	}

	@Test
	void deregisteringTheLastInstanceShouldRemoveTheService() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		RegistryChange gone = this.registry.deregister("pay", "pay-1");
		assertThat(gone.kind()).isEqualTo(Kind.DEREGISTERED);
		assertThat(gone.instance().id()).isEqualTo("pay-1");
		assertThat(this.registry.services()).isEmpty();
		assertThatExceptionOfType(ServiceNotFoundException.class)
			.isThrownBy(() -> this.registry.instances("pay", false));
		assertThatExceptionOfType(InstanceNotFoundException.class)
			.isThrownBy(() -> this.registry.deregister("pay", "pay-1"));
		assertThat(this.recorder.changes).extracting(RegistryChange::kind)
			.containsExactly(Kind.REGISTERED, Kind.DEREGISTERED);
	}

	@Test
	void removeCriticalShouldRemoveOnlyTheInstanceAsItWasSeen() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		RegisteredInstance stale = this.registry.setHealth("pay", "pay-1", HealthState.CRITICAL, "refused");
		this.registry.register("pay", "pay-1", spec("10.0.0.9"));
		assertThat(this.registry.removeCritical(stale)).isFalse();
		assertThat(this.registry.instanceCount("pay")).isOne();
		RegisteredInstance critical = this.registry.setHealth("pay", "pay-1", HealthState.CRITICAL, "refused");
		assertThat(this.registry.removeCritical(critical)).isTrue();
		assertThat(this.registry.instanceCount()).isZero();
		assertThat(this.recorder.changes).last().extracting(RegistryChange::kind).isEqualTo(Kind.DEREGISTERED);
	}

	@Test
	void capacityShouldRefuseNewInstancesBeyondTheLimitsAndChangeNothing() {
		Registry limited = createRegistry(MAX_PER_SERVICE, MAX_TOTAL);
		try {
			for (int i = 1; i <= MAX_PER_SERVICE; i++) {
				limited.register("pay", "pay-" + i, spec("10.0.0." + i));
			}
			long index = limited.index();
			assertThatExceptionOfType(CapacityExceededException.class)
				.isThrownBy(() -> limited.register("pay", "pay-9", spec("10.0.0.9")));
			assertThat(limited.index()).isEqualTo(index);
			limited.register("pay", "pay-1", spec("10.0.1.1"));
			limited.register("cart", "cart-1", spec("10.0.2.1"));
			limited.register("cart", "cart-2", spec("10.0.2.2"));
			assertThatExceptionOfType(CapacityExceededException.class)
				.isThrownBy(() -> limited.register("orders", "orders-1", spec("10.0.3.1")));
			assertThat(limited.instanceCount()).isEqualTo(MAX_TOTAL);
			assertThat(limited.serviceCount()).isEqualTo(2);
		}
		finally {
			close(limited);
		}
	}

	@Test
	void renderingShouldBeReusedUntilWhatItShowsChanges() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		this.registry.register("pay", "pay-2", spec("10.0.0.2"));
		Recording passing = new Recording(true, false);
		Recording live = new Recording(false, true);
		List<String> first = this.registry.rendered("pay", passing);
		assertThat(this.registry.rendered("pay", passing)).isSameAs(first);
		List<String> firstLive = this.registry.rendered("pay", live);
		this.registry.heartbeat("pay", "pay-1");
		assertThat(this.registry.rendered("pay", passing)).isSameAs(first);
		assertThat(this.registry.rendered("pay", live)).isNotSameAs(firstLive);
		this.registry.setStatus("pay", "pay-2", InstanceStatus.OUT_OF_SERVICE);
		this.registry.rendered("pay", passing);
		this.registry.rendered("pay", live);
		assertThat(passing.renders).containsExactly(List.of("pay-1", "pay-2"), List.of("pay-1"));
		assertThat(live.renders).containsExactly(List.of("pay-1", "pay-2"), List.of("pay-1", "pay-2"),
				List.of("pay-1", "pay-2"));
		assertThatExceptionOfType(ServiceNotFoundException.class)
			.isThrownBy(() -> this.registry.rendered("orders", passing));
	}

	private static final class Recording implements Rendering<List<String>> {

		final List<List<String>> renders = new ArrayList<>();

		private final boolean passingOnly;

		private final boolean liveness;

		Recording(boolean passingOnly, boolean liveness) {
			this.passingOnly = passingOnly;
			this.liveness = liveness;
		}

		@Override
		public boolean passingOnly() {
			return this.passingOnly;
		}

		@Override
		public boolean showsLiveness() {
			return this.liveness;
		}

		@Override
		public List<String> render(long serviceIndex, long version, List<RegisteredInstance> instances) {
			List<String> ids = instances.stream().map(RegisteredInstance::id).toList();
			this.renders.add(ids);
			return new ArrayList<>(ids);
		}

	}

	@Test
	void listenersShouldHearEveryChangeOnceInIndexOrderPastOneThatThrows() {
		this.registry.addListener((change) -> {
			throw new IllegalStateException("a broken listener");
		});
		Recorder after = new Recorder();
		this.registry.addListener(after);
		RegistryChange a = this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		RegistryChange b = this.registry.register("orders", "orders-1", spec("10.0.0.2"));
		RegistryChange c = this.registry.deregister("pay", "pay-1");
		assertThat(this.recorder.indexes()).containsExactly(a.index(), b.index(), c.index());
		assertThat(after.indexes()).containsExactly(a.index(), b.index(), c.index());
		assertThat(this.registry.listenerFailures()).isEqualTo(3);
	}

	@Test
	void aStatusChangeShouldKeepTheLatestHeartbeat() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		elapse(Duration.ofSeconds(2));
		RegisteredInstance renewed = this.registry.heartbeat("pay", "pay-1");
		RegisteredInstance out = this.registry.setStatus("pay", "pay-1", InstanceStatus.OUT_OF_SERVICE);
		assertThat(out.lastHeartbeat()).isEqualTo(renewed.lastHeartbeat());
		assertThat(this.registry.instance("pay", "pay-1").lastHeartbeat()).isEqualTo(renewed.lastHeartbeat());
	}

	@Test
	void concurrentWritesShouldLeaveExactStateAndAnOrderedFeed() throws Exception {
		int threads = concurrency()[0];
		int perThread = concurrency()[1];
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		AtomicLong heartbeats = new AtomicLong();
		for (int t = 0; t < threads; t++) {
			futures.add(executor.submit(client(t, perThread, start, heartbeats)));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(120, TimeUnit.SECONDS);
		}
		executor.shutdown();
		int kept = threads * perThread / 2;
		assertThat(this.registry.instanceCount()).isEqualTo(kept);
		assertThat(this.registry.allInstances()).hasSize(kept)
			.allSatisfy((instance) -> assertThat(instance.spec().port()).isEqualTo(9000));
		assertThat(this.registry.services()).allSatisfy((summary) -> assertThat(summary.passing())
			.isEqualTo(this.registry.instances(summary.name(), true).size()));
		// register and re-register each, deregister half, take a quarter out of service
		int changes = threads * perThread * 2 + threads * perThread / 2 + threads * perThread / 4;
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.recorder.changes).hasSize(changes));
		assertThat(this.recorder.indexes()).isSorted().doesNotHaveDuplicates();
		assertThat(this.recorder.heartbeats).hasSize((int) heartbeats.get());
	}

	private Callable<Void> client(int thread, int count, CountDownLatch start, AtomicLong heartbeats) {
		return () -> {
			start.await();
			for (int i = 0; i < count; i++) {
				String service = "svc-" + (i % 5);
				String id = "t" + thread + "-" + i;
				this.registry.register(service, id, Registrations.spec("10.0.0." + (thread + 1), 8000, TTL));
				this.registry.heartbeat(service, id);
				this.registry.register(service, id, Registrations.spec("10.0.0." + (thread + 1), 9000, TTL));
				this.registry.heartbeat(service, id);
				heartbeats.addAndGet(2);
				if (i % 2 == 1) {
					this.registry.deregister(service, id);
				}
				else if (i % 4 == 0) {
					this.registry.setStatus(service, id, InstanceStatus.OUT_OF_SERVICE);
				}
			}
			return null;
		};
	}

	@Test
	void aStoreStartedForTheFirstTimeShouldNotSayItRestoredState() {
		// Otherwise watchers would trust a registry that has not yet heard from the instances it should hold.
		assertThat(this.registry.recovery().restored()).isFalse();
	}

	/** Records what a listener hears. */
	protected static final class Recorder implements RegistryListener {

		final List<RegistryChange> changes = Collections.synchronizedList(new ArrayList<>());

		final List<String> heartbeats = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void onChange(RegistryChange change) {
			this.changes.add(change);
		}

		@Override
		public void onHeartbeat(RegisteredInstance instance) {
			this.heartbeats.add(instance.service() + "/" + instance.id());
		}

		List<Long> indexes() {
			synchronized (this.changes) {
				return this.changes.stream().map(RegistryChange::index).toList();
			}
		}

	}

}
