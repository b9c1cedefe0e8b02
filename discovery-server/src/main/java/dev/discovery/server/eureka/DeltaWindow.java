package dev.discovery.server.eureka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;

/**
 * The recent changes {@code GET /eureka/apps/delta} answers with, fed by the registry's change feed: every change of
 * the last {@code retention}, at most {@code capacity} of them (the oldest go first, and a client that missed them
 * finds out by the hash code and fetches everything). Time is monotonic, so a clock step neither empties nor
 * freezes the window.
 */
final class DeltaWindow implements RegistryListener {

	private final long retentionNanos;

	private final int capacity;

	private final LongSupplier nanoTime;

	private final Deque<Entry> entries = new ArrayDeque<>();

	DeltaWindow(Duration retention, int capacity, LongSupplier nanoTime) {
		this.retentionNanos = retention.toNanos();
		this.capacity = capacity;
		this.nanoTime = nanoTime;
	}

	@Override
	public void onChange(RegistryChange change) {
		long now = this.nanoTime.getAsLong();
		synchronized (this.entries) {
			this.entries.addLast(new Entry(now, change));
			while (this.entries.size() > this.capacity) {
				this.entries.removeFirst();
			}
			trim(now);
		}
	}

	/**
	 * The changes still in the window, oldest first.
	 * @return the changes
	 */
	List<RegistryChange> changes() {
		synchronized (this.entries) {
			trim(this.nanoTime.getAsLong());
			List<RegistryChange> changes = new ArrayList<>(this.entries.size());
			this.entries.forEach((entry) -> changes.add(entry.change()));
			return changes;
		}
	}

	private void trim(long now) {
		while (!this.entries.isEmpty() && now - this.entries.peekFirst().at() > this.retentionNanos) {
			this.entries.removeFirst();
		}
	}

	private record Entry(long at, RegistryChange change) {
	}

}
