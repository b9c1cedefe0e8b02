package dev.discovery.client.watch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.WatchChange;
import dev.discovery.protocol.WatchSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryViewTests {

	private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();

	private final RegistryView view = new RegistryView(this.nanos::get);

	private final List<Set<String>> heard = new ArrayList<>();

	RegistryViewTests() {
		this.view.addListener(this.heard::add);
	}

	@Test
	void snapshotShouldKeepOnlyPassingInstancesSortedById() {
		this.view.apply(new WatchSnapshot(7, Map.of("payment",
				List.of(instance("p-2", InstanceStatus.UP), instance("p-1", InstanceStatus.UP),
						instance("p-3", InstanceStatus.OUT_OF_SERVICE)),
				"cart", List.of())));
		assertThat(this.view.instances("payment")).extracting(InstanceView::instanceId).containsExactly("p-1", "p-2");
		assertThat(this.view.instances("cart")).isEmpty();
		assertThat(this.view.instances("unknown")).isNull();
		assertThat(this.view.index()).isEqualTo(7);
		assertThat(this.heard).containsExactly(Set.of("payment", "cart"));
	}

	@Test
	void changesShouldPutPassingAndRemoveTheRest() {
		this.view.apply(new WatchSnapshot(1, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP)))));
		this.view.apply(change(2, "REGISTERED", instance("p-2", InstanceStatus.UP), true));
		this.view.apply(change(3, "UPDATED", instance("p-1", InstanceStatus.OUT_OF_SERVICE), false));
		assertThat(this.view.instances("payment")).extracting(InstanceView::instanceId).containsExactly("p-2");
		this.view.apply(new WatchChange(4, "DEREGISTERED", "payment", "p-2", null, false));
		assertThat(this.view.instances("payment")).isEmpty();
		assertThat(this.view.index()).isEqualTo(4);
		assertThat(this.heard).hasSize(4);
	}

	@Test
	void changeAlreadyAppliedShouldBeIgnored() {
		this.view.apply(new WatchSnapshot(5, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP)))));
		this.view.apply(new WatchChange(5, "DEREGISTERED", "payment", "p-1", null, false));
		assertThat(this.view.instances("payment")).hasSize(1);
	}

	@Test
	void newEpochWarmingUpShouldHoldMissingInstancesForTheirLeaseTtl() {
		this.view.apply(new WatchSnapshot(50, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP),
				instance("p-2", InstanceStatus.UP))), "old", false, false));
		this.view.apply(new WatchSnapshot(3, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP))), "new",
				false, true));
		assertThat(this.view.instances("payment")).extracting(InstanceView::instanceId).containsExactly("p-1", "p-2");
		assertThat(this.view.index()).isEqualTo(3);
		assertThat(this.view.epoch()).isEqualTo("new");
		this.nanos.addAndGet(java.time.Duration.ofSeconds(14).toNanos());
		this.view.expireHeld();
		assertThat(this.view.instances("payment")).hasSize(2);
		this.nanos.addAndGet(java.time.Duration.ofSeconds(2).toNanos());
		this.view.expireHeld();
		assertThat(this.view.instances("payment")).extracting(InstanceView::instanceId).containsExactly("p-1");
		assertThat(this.view.heldCount()).isZero();
	}

	@Test
	void heldInstanceShouldYieldToWhatTheNewRegistrySaysOfIt() {
		this.view.apply(new WatchSnapshot(50, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP),
				instance("p-2", InstanceStatus.UP), instance("p-3", InstanceStatus.UP))), "old", false, false));
		this.view.apply(new WatchSnapshot(3, Map.of("payment", List.of()), "new", false, true));
		assertThat(this.view.instances("payment")).hasSize(3);
		this.view.apply(change(4, "REGISTERED", instance("p-1", InstanceStatus.UP), true));
		this.view.apply(new WatchChange(5, "DEREGISTERED", "payment", "p-2", null, false));
		assertThat(this.view.instances("payment")).extracting(InstanceView::instanceId).containsExactly("p-1", "p-3");
		assertThat(this.view.heldCount()).isEqualTo(1);
	}

	@Test
	void newEpochThatRestoredItsStateShouldReplaceAtOnce() {
		this.view.apply(new WatchSnapshot(50, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP),
				instance("p-2", InstanceStatus.UP))), "old", false, false));
		this.view.apply(new WatchSnapshot(50, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP))), "new",
				true, false));
		assertThat(this.view.instances("payment")).extracting(InstanceView::instanceId).containsExactly("p-1");
	}

	@Test
	void registryFailedOverToShouldHoldWhatItHasNotHeardOfEvenPastItsWarmUp() {
		this.view.apply(new WatchSnapshot(50, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP),
				instance("p-2", InstanceStatus.UP))), "old", false, false));
		this.view.apply(new WatchSnapshot(900, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP))), "other",
				false, false));
		assertThat(this.view.instances("payment")).extracting(InstanceView::instanceId).containsExactly("p-1", "p-2");
	}

	@Test
	void sameEpochSnapshotShouldReplaceAtOnce() {
		this.view.apply(new WatchSnapshot(50, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP),
				instance("p-2", InstanceStatus.UP))), "one", false, true));
		this.view.apply(new WatchSnapshot(60, Map.of("payment", List.of(instance("p-1", InstanceStatus.UP))), "one",
				false, true));
		assertThat(this.view.instances("payment")).extracting(InstanceView::instanceId).containsExactly("p-1");
	}

	@Test
	void ttlShouldComeFromTheInstanceLease() {
		Instant now = Instant.now();
		InstanceView noTtl = new InstanceView("payment", "p", "h", 1, false, Map.of(), List.of(), null, 1,
				InstanceStatus.UP, HealthState.PASSING, null, null, null, null, now, now, now.plusSeconds(40), 1);
		assertThat(RegistryView.ttl(instance("p-1", InstanceStatus.UP))).hasSeconds(15);
		assertThat(RegistryView.ttl(noTtl)).hasSeconds(40);
	}

	private static WatchChange change(long index, String kind, InstanceView instance, boolean passing) {
		return new WatchChange(index, kind, "payment", instance.instanceId(), instance, passing);
	}

	static InstanceView instance(String id, InstanceStatus status) {
		Instant now = Instant.now();
		return new InstanceView("payment", id, "10.0.0.1", 8080, false, Map.of(), List.of(), null, 1, status,
				HealthState.PASSING, null, null, null, "15s", now, now, now, 1);
	}

}
