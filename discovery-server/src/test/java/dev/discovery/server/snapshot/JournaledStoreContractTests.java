package dev.discovery.server.snapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.DurableRegistryContractTests;
import dev.discovery.server.store.MemoryStore;

/**
 * The store contract on the memory store with its journal on disk, restarts included: a restart here halts the
 * journal as {@code kill -9} would and starts a new store over the same files.
 */
class JournaledStoreContractTests extends DurableRegistryContractTests {

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock();

	private final Map<Registry, Journaled> stores = new IdentityHashMap<>();

	private int directories;

	@Override
	protected Registry createRegistry(int maxPerService, int maxTotal) {
		return start(this.root.resolve("registry-" + (++this.directories)), maxPerService, maxTotal);
	}

	private Registry start(Path dir, int maxPerService, int maxTotal) {
		FileJournal journal = new FileJournal(Journals.settings(dir), Journals.VALIDATOR, this.clock);
		MemoryStore store = new MemoryStore(this.clock, maxPerService, maxTotal, journal);
		store.recover();
		this.stores.put(store, new Journaled(journal, dir, maxPerService, maxTotal));
		return store;
	}

	@Override
	protected void elapse(Duration duration) {
		this.clock.advance(duration);
	}

	@Override
	protected Registry crashAndRestart(Registry current) {
		Journaled journaled = this.stores.remove(current);
		journaled.journal().halt();
		return start(journaled.dir(), journaled.maxPerService(), journaled.maxTotal());
	}

	@Override
	protected void close(Registry store) {
		Journaled journaled = this.stores.remove(store);
		if (journaled != null) {
			journaled.journal().stop();
		}
	}

	private record Journaled(FileJournal journal, Path dir, int maxPerService, int maxTotal) {
	}

}
