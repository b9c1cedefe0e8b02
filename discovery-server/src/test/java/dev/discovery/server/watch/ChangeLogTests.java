package dev.discovery.server.watch;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;
import dev.discovery.server.store.RecoveredJournal;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeLogTests {

	private final Registry registry = new MemoryStore(Clock.systemUTC());

	private final ChangeLog log = new ChangeLog(this.registry, 4, new WakeUp());

	@BeforeEach
	void subscribe() {
		this.registry.addListener(this.log);
	}

	@Test
	void logShouldHoldRecentChangesByIndex() {
		long first = register("pay", "p-1");
		register("cart", "c-1");
		assertThat(this.log.head()).isEqualTo(first + 1);
		assertThat(this.log.get(first).instanceId()).isEqualTo("p-1");
		assertThat(this.log.covers(first - 1)).isTrue();
		assertThat(this.log.covers(this.log.head())).isTrue();
	}

	@Test
	void logShouldForgetWhatTheRingHasOverwritten() {
		long first = register("pay", "p-1");
		for (int i = 2; i <= 5; i++) {
			register("pay", "p-" + i);
		}
		assertThat(this.log.get(first)).isNull();
		assertThat(this.log.covers(first - 1)).isFalse();
		assertThat(this.log.covers(first)).isTrue();
	}

	@Test
	void serviceIndexShouldOutliveTheServicesLastInstance() {
		register("pay", "p-1");
		long removed = this.registry.deregister("pay", "p-1").index();
		register("cart", "c-1");
		assertThat(this.log.serviceIndex("pay")).isEqualTo(removed);
		assertThat(this.log.serviceIndex("never")).isZero();
	}

	@Test
	void restoredIndexShouldStandForServicesNotSeenChanging() {
		Registry restoredRegistry = RecoveredJournal.restart(Clock.systemUTC(), List.of(), 40);
		ChangeLog restoredLog = new ChangeLog(restoredRegistry, 4, new WakeUp());
		restoredLog.restored(restoredRegistry.index());
		assertThat(restoredLog.serviceIndex("pay")).isEqualTo(40);
		assertThat(restoredLog.covers(39)).isFalse();
		assertThat(restoredLog.covers(40)).isTrue();
	}

	@Test
	void logShouldFollowIndexesWithGapsAsAnEtcdStoreGivesThem() {
		ChangeLog gapped = new ChangeLog(this.registry, 4, new WakeUp());
		gapped.restored(10);
		gapped.onChange(change(15, "p-1"));
		gapped.onChange(change(20, "p-2"));
		gapped.onChange(change(21, "p-3"));
		assertThat(gapped.covers(10)).isTrue();
		assertThat(gapped.covers(9)).isFalse();
		assertThat(gapped.change(gapped.sequenceAfter(17)).instanceId()).as("after an index between two changes")
			.isEqualTo("p-2");
		assertThat(gapped.sequenceAfter(21)).isEqualTo(gapped.headSequence() + 1);
		assertThat(gapped.get(20).instanceId()).isEqualTo("p-2");
		assertThat(gapped.get(19)).isNull();
		for (int i = 4; i <= 6; i++) {
			gapped.onChange(change(20 + 5 * i, "p-" + i));
		}
		assertThat(gapped.covers(15)).as("the ring has moved past 20").isFalse();
		assertThat(gapped.covers(21)).isTrue();
	}

	private RegistryChange change(long index, String id) {
		RegisteredInstance instance = new RegisteredInstance("pay", id, Registrations.spec("10.0.0.1", 8080),
				InstanceStatus.UP, HealthState.PASSING, null, null, Instant.EPOCH, Instant.EPOCH, index);
		return new RegistryChange(index, RegistryChange.Kind.REGISTERED, "pay", id, instance);
	}

	private long register(String service, String id) {
		return this.registry.register(service, id, Registrations.spec("10.0.0.1", 8080)).index();
	}

}
