package dev.discovery.server.store;

import java.time.Instant;
import java.util.List;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.StoreRecovery;

/**
 * A journal that hands back given instances and index, as if a registry had saved them, and keeps nothing. Tests
 * extend it to watch or fail what the store asks of its journal.
 */
public class RecoveredJournal implements Journal {

	private final List<RegisteredInstance> instances;

	private final long index;

	/** A journal with nothing saved. */
	public RecoveredJournal() {
		this(List.of(), 0);
	}

	public RecoveredJournal(List<RegisteredInstance> instances, long index) {
		this.instances = List.copyOf(instances);
		this.index = index;
	}

	/**
	 * A memory store started from saved state.
	 * @param clock the store's clock
	 * @param instances the saved instances
	 * @param index the saved index
	 * @return the recovered store
	 */
	public static MemoryStore restart(java.time.Clock clock, List<RegisteredInstance> instances, long index) {
		MemoryStore store = new MemoryStore(clock, Integer.MAX_VALUE, Integer.MAX_VALUE,
				new RecoveredJournal(instances, index));
		store.recover();
		return store;
	}

	@Override
	public Recovered recover() {
		return new Recovered(this.instances, new StoreRecovery(true, this.instances.size(), 0, this.index,
				Instant.EPOCH, "test"));
	}

	@Override
	public void open(List<RegisteredInstance> held, long index) {
	}

	@Override
	public void reserve(long index) {
	}

	@Override
	public void append(RegistryChange change) {
	}

	@Override
	public void awaitWritten(long index) {
	}

	@Override
	public void awaitSynced(long index) {
	}

}
