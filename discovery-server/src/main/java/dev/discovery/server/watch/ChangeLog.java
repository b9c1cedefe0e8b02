package dev.discovery.server.watch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;

/**
 * The recent changes, in a ring in the order they happened, and the index of each service's last change. Indexes
 * only grow but need not be contiguous (an etcd store's revisions move for other keys too), so changes are kept by
 * a sequence number of this log's own, and each remembers the index before it: whether the ring still holds every
 * change after a reader's index is then a question of finding where that index falls. The registry appends on one
 * thread; readers check each slot's sequence number to tell a change from one that has been overwritten. Appending
 * only stores a reference and wakes the dispatcher: no socket is touched here.
 */
final class ChangeLog implements RegistryListener {

	private final AtomicReferenceArray<Entry> ring;

	/** Kept after a service's last instance leaves, so a waiter on it learns it is gone. */
	private final Map<String, Long> serviceIndexes = new ConcurrentHashMap<>();

	private final WakeUp wakeUp;

	private volatile long head;

	/** The sequence number of the last change appended; 0 before the first. */
	private volatile long headSequence;

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
		long sequence = this.headSequence + 1;
		this.ring.set(slot(sequence), new Entry(sequence, this.head, change));
		this.serviceIndexes.put(change.service(), change.index());
		this.head = change.index();
		this.headSequence = sequence;
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

	/** The sequence number of the last change appended; 0 before the first. */
	long headSequence() {
		return this.headSequence;
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
	 * The change with the given sequence number, if the ring still holds it.
	 * @param sequence the sequence number
	 * @return the change, or {@code null} if it has been overwritten or not appended yet
	 */
	@Nullable RegistryChange change(long sequence) {
		Entry entry = entry(sequence);
		return (entry != null) ? entry.change() : null;
	}

	/**
	 * The change with the given index, if the ring still holds it.
	 * @param index the change index
	 * @return the change, or {@code null} if it has been overwritten or never passed through this log
	 */
	@Nullable RegistryChange get(long index) {
		long sequence = sequenceAfter(index - 1);
		RegistryChange change = (sequence > 0) ? change(sequence) : null;
		return (change != null && change.index() == index) ? change : null;
	}

	/**
	 * Where a reader that has every change up to {@code index} goes on from.
	 * @param index the last index a reader has
	 * @return the sequence number of the first change after it (one past the head when there is none yet), or -1 if
	 * the ring no longer holds every change after it
	 */
	long sequenceAfter(long index) {
		long last = this.headSequence;
		if (index >= this.head || (last == 0 && index >= this.baseline)) {
			return last + 1;
		}
		if (index < 0 || last == 0) {
			return -1;
		}
		// Indexes grow with sequence numbers: find the entry whose predecessor's index is at most the reader's.
		long low = Math.max(1, last - this.ring.length() + 1);
		long high = last;
		long found = -1;
		while (low <= high) {
			long middle = (low + high) >>> 1;
			Entry entry = entry(middle);
			if (entry == null) {
				// Overwritten while searching (or never written): look at newer entries only.
				low = middle + 1;
				continue;
			}
			if (entry.previousIndex() <= index) {
				found = middle;
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		if (found < 0) {
			return -1;
		}
		Entry entry = entry(found);
		return (entry != null && entry.change().index() > index) ? found : -1;
	}

	/**
	 * Whether every change after {@code index} up to the head is still held.
	 * @param index the last index a reader has
	 * @return {@code true} if the reader can catch up from the ring alone
	 */
	boolean covers(long index) {
		return sequenceAfter(index) >= 0;
	}

	private @Nullable Entry entry(long sequence) {
		if (sequence <= 0) {
			return null;
		}
		Entry entry = this.ring.get(slot(sequence));
		return (entry != null && entry.sequence() == sequence) ? entry : null;
	}

	private int slot(long sequence) {
		return (int) (sequence % this.ring.length());
	}

	/**
	 * One change in the ring.
	 *
	 * @param sequence its place in this log
	 * @param previousIndex the index of the change before it (or the index the log started from)
	 * @param change the change
	 */
	private record Entry(long sequence, long previousIndex, RegistryChange change) {
	}

}
