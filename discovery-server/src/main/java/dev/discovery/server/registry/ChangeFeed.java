package dev.discovery.server.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry's change index and the listeners that hear of each change. The registry calls it under its write
 * lock, so the index and the order in which listeners hear of changes always agree.
 */
final class ChangeFeed {

	private final AtomicLong index = new AtomicLong();

	private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

	void addListener(RegistryListener listener) {
		this.listeners.add(listener);
	}

	long index() {
		return this.index.get();
	}

	long next() {
		return this.index.get() + 1;
	}

	void raiseTo(long savedIndex) {
		this.index.accumulateAndGet(savedIndex, Math::max);
	}

	RegistryChange publish(RegistryChange change) {
		this.index.set(change.index());
		for (RegistryListener listener : this.listeners) {
			listener.onChange(change);
		}
		return change;
	}

	void heartbeat(RegisteredInstance renewed) {
		for (RegistryListener listener : this.listeners) {
			listener.onHeartbeat(renewed);
		}
	}

}
