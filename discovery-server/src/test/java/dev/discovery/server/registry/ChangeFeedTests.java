package dev.discovery.server.registry;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.discovery.server.MutableClock;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeFeedTests {

	private final Registry registry = new MemoryStore(new MutableClock());

	@Test
	void aThrowingListenerShouldNeitherFailTheWriteNorKeepTheChangeFromOthers() {
		List<Long> before = new ArrayList<>();
		List<Long> after = new ArrayList<>();
		this.registry.addListener((change) -> before.add(change.index()));
		this.registry.addListener(new Throwing());
		this.registry.addListener((change) -> after.add(change.index()));
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		this.registry.heartbeat("pay", "pay-1");
		this.registry.deregister("pay", "pay-1");
		assertThat(before).containsExactly(1L, 2L);
		assertThat(after).containsExactly(1L, 2L);
		assertThat(this.registry.index()).isEqualTo(2);
		assertThat(this.registry.listenerFailures()).isEqualTo(3);
	}

	@Test
	void listenersShouldHearOfChangesInTheOrderTheyWereAdded() {
		RegistryListener first = (change) -> {
		};
		RegistryListener second = (change) -> {
		};
		this.registry.addListener(first);
		this.registry.addListener(second);
		assertThat(this.registry.listeners()).containsExactly(first, second);
	}

	private static final class Throwing implements RegistryListener {

		@Override
		public void onChange(RegistryChange change) {
			throw new IllegalStateException("broken listener");
		}

		@Override
		public void onHeartbeat(RegisteredInstance instance) {
			throw new AssertionError("broken listener");
		}

	}

}
