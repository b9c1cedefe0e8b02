package dev.discovery.server.registry;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.server.registry.RegistryChange.Kind;

/**
 * The registry's local read structures filled from a store that lives elsewhere (etcd): the same service buckets,
 * rendered lists and change feed as the in-memory {@link Registry}, but every change arrives with the index the
 * shared store gave it, and in that order. Reads, watch fan-out and DNS are therefore as local as in memory mode.
 * <p>
 * Changes are applied by one thread at a time, in index order; heartbeats and the owner's health observations that
 * move no index may arrive on any thread and touch one map entry atomically.
 */
public class RegistryMirror extends RegistryReads {

	private final Object lock = new Object();

	/** Adds a listener of changes and heartbeats. */
	public void addListener(RegistryListener listener) {
		this.feed.addListener(listener);
	}

	/**
	 * An instance was written in the shared store.
	 * @param instance the instance, its index the store's revision of the write
	 * @param created whether it did not exist before
	 * @return the change published
	 */
	public RegistryChange put(RegisteredInstance instance, boolean created) {
		synchronized (this.lock) {
			ServiceBucket bucket = this.services.computeIfAbsent(instance.service(), (name) -> new ServiceBucket());
			RegisteredInstance previous = bucket.instances.get(instance.id());
			RegisteredInstance stored = keepLocalKnowledge(previous, instance);
			bucket.instances.put(instance.id(), stored);
			bucket.replaced(previous, stored);
			if (previous == null) {
				this.instanceCount.incrementAndGet();
			}
			Kind kind = (created || previous == null) ? Kind.REGISTERED : Kind.UPDATED;
			return publish(bucket, new RegistryChange(stored.index(), kind, stored.service(), stored.id(), stored));
		}
	}

	/**
	 * What this replica saw itself survives a write elsewhere that does not carry it: the last heartbeat it
	 * received, for the same registration.
	 */
	private static RegisteredInstance keepLocalKnowledge(@Nullable RegisteredInstance previous,
			RegisteredInstance instance) {
		if (previous == null || !previous.registeredAt().equals(instance.registeredAt())
				|| !previous.lastHeartbeat().isAfter(instance.lastHeartbeat())) {
			return instance;
		}
		return instance.renewed(previous.lastHeartbeat());
	}

	/**
	 * An instance left the shared store.
	 * @param service the service
	 * @param instanceId the instance id
	 * @param index the store's revision of the removal
	 * @param kind {@link Kind#DEREGISTERED} or {@link Kind#EXPIRED}
	 * @return the change published, or {@code null} if this replica did not hold the instance
	 */
	public @Nullable RegistryChange remove(String service, String instanceId, long index, Kind kind) {
		synchronized (this.lock) {
			ServiceBucket bucket = bucket(service);
			RegisteredInstance removed = bucket.instances.remove(instanceId);
			if (removed == null) {
				return null;
			}
			this.instanceCount.decrementAndGet();
			bucket.replaced(removed, null);
			RegistryChange change = publish(bucket, new RegistryChange(index, kind, service, instanceId, removed));
			if (bucket.instances.isEmpty()) {
				this.services.remove(service, bucket);
			}
			return change;
		}
	}

	/**
	 * Replaces the whole view with the shared store's as of one index: at start (nothing is published, as when a
	 * snapshot is restored) or after the store lost the history this replica needed (the difference is published).
	 * @param index the store's revision of the read
	 * @param instances every instance
	 * @param publish whether to publish the difference as changes
	 */
	public void reset(long index, List<RegisteredInstance> instances, boolean publish) {
		synchronized (this.lock) {
			Map<String, RegisteredInstance> wanted = new HashMap<>();
			instances.forEach((instance) -> wanted.put(instance.service() + "/" + instance.id(), instance));
			for (RegisteredInstance held : allInstances()) {
				if (!wanted.containsKey(held.service() + "/" + held.id())) {
					// Why it went is lost with the history; it is gone either way.
					remove(held.service(), held.id(), index, Kind.EXPIRED);
				}
			}
			for (RegisteredInstance instance : instances) {
				RegisteredInstance held = bucket(instance.service()).instances.get(instance.id());
				if (held == null || held.index() != instance.index()) {
					if (publish) {
						put(instance, held == null);
					}
					else {
						restore(instance);
					}
				}
			}
			this.feed.raiseTo(index);
		}
	}

	private void restore(RegisteredInstance instance) {
		ServiceBucket bucket = this.services.computeIfAbsent(instance.service(), (name) -> new ServiceBucket());
		RegisteredInstance previous = bucket.instances.put(instance.id(), instance);
		bucket.replaced(previous, instance);
		bucket.index = Math.max(bucket.index, instance.index());
		if (previous == null) {
			this.instanceCount.incrementAndGet();
		}
	}

	/**
	 * A heartbeat this replica answered: renews the local record without moving the index.
	 * @param service the service
	 * @param instanceId the instance id
	 * @param now the time of the heartbeat
	 * @return the renewed instance, or {@code null} if this replica does not hold it
	 */
	public @Nullable RegisteredInstance heartbeat(String service, String instanceId, Instant now) {
		ServiceBucket bucket = bucket(service);
		RegisteredInstance renewed = bucket.instances.computeIfPresent(instanceId, (id, held) -> held.renewed(now));
		if (renewed != null) {
			bucket.touch();
			this.feed.heartbeat(renewed);
		}
		return renewed;
	}

	/**
	 * A health check that did not change the instance's state: its output and time are kept on this replica only
	 * (writing them to the shared store would cost a consensus write per check).
	 * @param instance the instance as checked
	 * @param health its unchanged health
	 * @param output what the check saw
	 * @param checkedAt when
	 * @return the instance with the observation, or the one held now if it changed meanwhile
	 */
	public RegisteredInstance observed(RegisteredInstance instance, HealthState health, @Nullable String output,
			Instant checkedAt) {
		ServiceBucket bucket = bucket(instance.service());
		RegisteredInstance updated = bucket.instances.computeIfPresent(instance.id(),
				(id, held) -> (held.index() == instance.index() && held.health() == health)
						? held.withHealth(health, output, checkedAt, held.index()) : held);
		if (updated == null) {
			throw new InstanceNotFoundException(instance.service(), instance.id());
		}
		bucket.touch();
		return updated;
	}

	private RegistryChange publish(ServiceBucket bucket, RegistryChange change) {
		bucket.index = change.index();
		return this.feed.publish(change);
	}

}
