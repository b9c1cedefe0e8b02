package dev.discovery.server.watch;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

	private long register(String service, String id) {
		return this.registry.register(service, id, Registrations.spec("10.0.0.1", 8080)).index();
	}

}
