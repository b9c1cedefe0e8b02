package dev.discovery.server.store;

import java.time.Duration;

import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryContractTests;

/**
 * The store contract on the memory store without a journal.
 */
class MemoryStoreContractTests extends RegistryContractTests {

	private final MutableClock clock = new MutableClock();

	@Override
	protected Registry createRegistry(int maxPerService, int maxTotal) {
		return new MemoryStore(this.clock, maxPerService, maxTotal, Journal.NONE);
	}

	@Override
	protected void elapse(Duration duration) {
		this.clock.advance(duration);
	}

}
