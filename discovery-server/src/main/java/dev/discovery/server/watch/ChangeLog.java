package dev.discovery.server.watch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;

/**
 * The recent changes, in a ring indexed by change index, and the index of each service's last change. The registry
 * appends under its write lock, so there is one writer; readers check each slot's index to tell a change from one
 * that has been overwritten. Appending only stores a reference and wakes the dispatcher: no socket is touched here.
 */
final class ChangeLog implements RegistryListener {

	private final AtomicReferenceArray<RegistryChange> ring;

	/** Kept after a service's last instance leaves, so a waiter on it learns it is gone. */
	private final Map<String, Long> serviceIndexes = new ConcurrentHashMap<>();

	private final WakeUp wakeUp;

	private volatile long head;

	/** Stands for the last change of services this log has not seen change, such as those restored at start. */
	private volatile long baseline;

	ChangeLog(Registry registry, int size, WakeUp wakeUp) {
		this.ring = new AtomicReferenceArray<>(size);
		this.wakeUp = wakeUp;
		this.head = registry.index();
		this.baseline = this.head;
	}

	@Override
	public void onChange(RegistryChange change) {
		this.ring.set(slot(change.index()), change);
		this.serviceIndexes.put(change.service(), change.index());
		this.head = change.index();
		this.wakeUp.signal();
	}

	/** Called once the registry holds what it restored, before any request is served. */
	void restored(long index) {
		this.baseline = index;
		if (index > this.head) {
			this.head = index;
		}
	}

	/** The index of the last change appended. */
	long head() {
		return this.head;
	}

	/**
	 * The index of a service's last change, or the index the log started from when it has not seen one.
	 * @param service the service name
	 * @return the index
	 */
	long serviceIndex(String service) {
		return this.serviceIndexes.getOrDefault(service, this.baseline);
	}

	/**
	 * The change with the given index, if the ring still holds it.
	 * @param index the change index
	 * @return the change, or {@code null} if it has been overwritten or never passed through this log
	 */
	@Nullable RegistryChange get(long index) {
		RegistryChange change = this.ring.get(slot(index));
		return (change != null && change.index() == index) ? change : null;
	}

	/**
	 * Whether every change after {@code index} up to the head is still held.
	 * @param index the last index a reader has
	 * @return {@code true} if the reader can catch up from the ring alone
	 */
	boolean covers(long index) {
		long last = this.head;
		return index >= last || (index >= 0 && last - index <= this.ring.length() && get(index + 1) != null);
	}

	private int slot(long index) {
		return (int) (index % this.ring.length());
	}

}
