package dev.discovery.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.StoreRecovery;
import dev.discovery.server.registry.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the memory store promises beyond the contract: one index per change, a journal that sees every change in
 * order, and a restore that respects the limits.
 */
class MemoryStoreTests {

	private final MutableClock clock = new MutableClock();

	@Test
	void everyChangeShouldMoveTheIndexByOne() {
		MemoryStore store = new MemoryStore(this.clock);
		store.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		store.register("pay", "pay-2", Registrations.spec("10.0.0.2", 8080));
		store.setStatus("pay", "pay-1", InstanceStatus.OUT_OF_SERVICE);
		store.deregister("pay", "pay-2");
		assertThat(store.index()).isEqualTo(4);
		assertThat(store.instance("pay", "pay-1").index()).isEqualTo(3);
	}

	@Test
	void theJournalShouldHearEveryChangeInOrderAndDeregistrationsShouldWaitForTheDisk() {
		List<String> calls = new ArrayList<>();
		MemoryStore store = new MemoryStore(this.clock, 10, 10, new RecoveredJournal() {

			@Override
			public void reserve(long index) {
				calls.add("reserve " + index);
			}

			@Override
			public void append(RegistryChange change) {
				calls.add("append " + change.index() + " " + change.kind());
			}

			@Override
			public void awaitWritten(long index) {
				calls.add("written " + index);
			}

			@Override
			public void awaitSynced(long index) {
				calls.add("synced " + index);
			}

		});
		store.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		store.heartbeat("pay", "pay-1");
		store.deregister("pay", "pay-1");
		assertThat(calls).containsExactly("reserve 1", "append 1 REGISTERED", "written 1", "reserve 2",
				"append 2 DEREGISTERED", "synced 2");
	}

	@Test
	void aJournalThatCannotWriteShouldRefuseTheChangeBeforeItIsMade() {
		MemoryStore failing = new MemoryStore(this.clock, 10, 10, new RecoveredJournal() {

			@Override
			public void reserve(long index) {
				throw new StoreUnavailableException("disk full");
			}

		});
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> failing.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080)));
		assertThat(failing.instanceCount()).isZero();
		assertThat(failing.index()).isZero();
	}

	@Test
	void recoverShouldKeepTheIndexRearmLeasesAndRespectTheLimits() {
		MemoryStore before = new MemoryStore(this.clock);
		for (int i = 1; i <= 4; i++) {
			before.register("pay", "pay-" + i, Registrations.spec("10.0.0." + i, 8080, Duration.ofSeconds(15)));
		}
		List<RegisteredInstance> saved = before.allInstances();
		MutableClock later = new MutableClock(this.clock.instant().plus(Duration.ofMinutes(10)));
		MemoryStore restarted = new MemoryStore(later, 3, 10, new RecoveredJournal(saved, 7));
		StoreRecovery recovery = restarted.recover();
		assertThat(recovery.restored()).isTrue();
		assertThat(recovery.instances()).isEqualTo(3);
		assertThat(recovery.skipped()).isEqualTo(1);
		assertThat(restarted.recovery()).isEqualTo(recovery);
		assertThat(restarted.index()).isEqualTo(7);
		assertThat(restarted.expireLeases()).isEmpty();
		later.advance(Duration.ofSeconds(16));
		assertThat(restarted.expireLeases()).hasSize(3);
		assertThat(restarted.index()).isEqualTo(10);
	}

	@Test
	void aStoreWithoutAJournalShouldSayItRestoredNothing() {
		MemoryStore store = new MemoryStore(this.clock);
		assertThat(store.recover().restored()).isFalse();
	}

}
