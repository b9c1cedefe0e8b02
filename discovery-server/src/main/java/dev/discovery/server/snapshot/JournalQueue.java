package dev.discovery.server.snapshot;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.RegistryChange;

/**
 * What the store queued for the journal (changes and reservations of indexes), taken by the writing thread as
 * batches of journal lines, a megabyte at most each.
 */
final class JournalQueue {

	private static final int MAX_BATCH = 1 << 20;

	private final JournalLines lines;

	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	/** The writing thread's. */
	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

	JournalQueue(JournalLines lines) {
		this.lines = lines;
	}

	void add(RegistryChange change) {
		this.queue.add(change);
	}

	/** Queues a reservation of the indexes up to this one. */
	void reserve(long upTo) {
		this.queue.add(new Reservation(upTo));
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/**
	 * Takes what is queued, in order, up to a batch's size.
	 * @return the batch, or {@code null} when nothing is queued
	 */
	@Nullable Batch take() {
		this.buffer.reset();
		List<RegistryChange> changes = new ArrayList<>();
		long reservation = -1;
		Object item;
		while (this.buffer.size() < MAX_BATCH && (item = this.queue.poll()) != null) {
			if (item instanceof RegistryChange change) {
				this.lines.write(JournalEntry.of(change), this.buffer);
				changes.add(change);
			}
			else if (item instanceof Reservation reserve) {
				this.lines.write(JournalEntry.reserve(reserve.upTo()), this.buffer);
				reservation = reserve.upTo();
			}
		}
		return (this.buffer.size() == 0) ? null : new Batch(this.buffer.toByteArray(), changes, reservation);
	}

	/**
	 * Journal lines to write at once.
	 * @param bytes the lines
	 * @param changes the changes among them, in order
	 * @param reservation the highest index reserved among them, or {@code -1}
	 */
	record Batch(byte[] bytes, List<RegistryChange> changes, long reservation) {
	}

	private record Reservation(long upTo) {
	}

}
