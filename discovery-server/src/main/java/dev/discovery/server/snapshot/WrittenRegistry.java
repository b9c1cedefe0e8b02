package dev.discovery.server.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.snapshot.JournalQueue.Batch;

/**
 * The registry as the journal has written it: every instance, and the highest index reserved. Compactions and the
 * snapshot on stop are cut from it, so they need nothing from the store. The writing thread's alone.
 */
final class WrittenRegistry {

	private final Map<String, RegisteredInstance> instances = new HashMap<>();

	private long reserved;

	/** Starts from what the store holds. */
	void load(List<RegisteredInstance> held, long index) {
		held.forEach((instance) -> this.instances.put(SavedInstance.key(instance.service(), instance.id()), instance));
		this.reserved = index;
	}

	/** A batch was written. */
	void written(Batch batch) {
		for (RegistryChange change : batch.changes()) {
			String key = SavedInstance.key(change.service(), change.instanceId());
			if (change.removal()) {
				this.instances.remove(key);
			}
			else {
				this.instances.put(key, change.instance());
			}
		}
		if (batch.reservation() > 0) {
			this.reserved = batch.reservation();
		}
	}

	/** A copy of every instance written. */
	List<RegisteredInstance> instances() {
		return new ArrayList<>(this.instances.values());
	}

	int size() {
		return this.instances.size();
	}

	/** The last reservation written (or the index it started from). */
	long reserved() {
		return this.reserved;
	}

}
