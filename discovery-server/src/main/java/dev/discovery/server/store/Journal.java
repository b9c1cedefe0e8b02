package dev.discovery.server.store;

import java.util.List;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.StoreRecovery;
import dev.discovery.server.registry.StoreUnavailableException;

/**
 * Where the memory store makes its changes durable. The store calls {@link #reserve} and {@link #append} under its
 * write lock, in index order, and waits for {@link #awaitWritten} or {@link #awaitSynced} after releasing it, so
 * concurrent writers share one write and one disk flush (group commit).
 */
public interface Journal {

	/** Keeps nothing: the registry lives in memory only. */
	Journal NONE = new Journal() {

		@Override
		public Recovered recover() {
			return new Recovered(List.of(), StoreRecovery.none("kept in memory only"));
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

	};

	/**
	 * Reads what the journal holds from before this start. Called once, before anything is appended.
	 * @return the instances and the index to continue after
	 */
	Recovered recover();

	/**
	 * Starts the journal from what the store holds after recovery (saved instances the store refused are gone
	 * from it). Called once, after {@link #recover()}, before anything is appended.
	 * @param held the instances the store holds
	 * @param index the index the store continues after
	 */
	void open(List<RegisteredInstance> held, long index);

	/**
	 * Makes sure that an index, once handed out, is never handed out again, even after a crash that loses the end
	 * of the journal: indexes are reserved durably in ranges, ahead of use. Called under the store's write lock
	 * before each change; it returns at once except when a range must be made durable first.
	 * @param index the index about to be used
	 * @throws StoreUnavailableException if the journal cannot write
	 */
	void reserve(long index);

	/**
	 * Records a change. Called under the store's write lock, in index order; never waits for I/O.
	 * @param change the change
	 */
	void append(RegistryChange change);

	/**
	 * Waits until the changes up to an index are written where a crash of this process cannot lose them.
	 * @param index the index
	 * @throws StoreUnavailableException if that did not happen within the journal's timeout
	 */
	void awaitWritten(long index);

	/**
	 * Waits until the changes up to an index are on disk, where a crash of the machine cannot lose them.
	 * @param index the index
	 * @throws StoreUnavailableException if that did not happen within the journal's timeout
	 */
	void awaitSynced(long index);

	/**
	 * What a journal held from before this start.
	 *
	 * @param instances the instances, valid by the registry's rules, their leases as saved
	 * @param outcome what was restored, and from where
	 */
	record Recovered(List<RegisteredInstance> instances, StoreRecovery outcome) {
	}

}
