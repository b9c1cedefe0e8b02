package dev.discovery.server.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.registry.RegistryChange.Kind;

/**
 * The in-memory store of services and their instances, with leases and a global, monotonic change index.
 * <p>
 * Changes that others must hear of (register, status, health, deregister, expire) take one write lock, so the index
 * and the order in which listeners hear of changes always agree. Heartbeats only renew a lease: they touch one map
 * entry atomically and take no lock, which keeps the hottest path cheap. Reads take no lock either
 * ({@link RegistryReads}).
 */
public class Registry extends RegistryReads {

	private final ReentrantLock writeLock = new ReentrantLock();

	private final Clock clock;

	private final int maxPerService;

	private final int maxTotal;

	public Registry(Clock clock) {
		this(clock, Integer.MAX_VALUE, Integer.MAX_VALUE);
	}

	/**
	 * A registry with bounded capacity.
	 * @param clock the clock that leases are measured with
	 * @param maxPerService most instances one service may have
	 * @param maxTotal most instances in all
	 */
	public Registry(Clock clock, int maxPerService, int maxTotal) {
		this.clock = clock;
		this.maxPerService = maxPerService;
		this.maxTotal = maxTotal;
	}

	/**
	 * Subscribes a listener to changes and heartbeats. In the server, every {@link RegistryListener} bean is
	 * subscribed once by the registry's configuration; nothing subscribes itself.
	 * @param listener the listener
	 */
	public void addListener(RegistryListener listener) {
		this.feed.addListener(listener);
	}

	/** The subscribed listeners, in the order they hear of changes. */
	public List<RegistryListener> listeners() {
		return this.feed.listeners();
	}

	/** How many times a listener has thrown; the change reached the others all the same. */
	public long listenerFailures() {
		return this.feed.failures();
	}

	/**
	 * Registers an instance, replacing any earlier registration under the same id.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param spec the validated registration
	 * @return the change, {@link Kind#REGISTERED} for a new instance or {@link Kind#UPDATED} for a replacement
	 */
	public RegistryChange register(String service, String instanceId, InstanceSpec spec) {
		this.writeLock.lock();
		try {
			Instant now = this.clock.instant();
			checkCapacity(service, instanceId);
			ServiceBucket bucket = this.services.computeIfAbsent(service, (name) -> new ServiceBucket());
			long next = this.feed.next();
			RegisteredInstance instance = RegisteredInstance.registered(service, instanceId, spec, now, next);
			RegisteredInstance previous = bucket.instances.put(instanceId, instance);
			bucket.replaced(previous, instance);
			if (previous == null) {
				this.instanceCount.incrementAndGet();
			}
			return publish(bucket, new RegistryChange(next, (previous != null) ? Kind.UPDATED : Kind.REGISTERED,
					service, instanceId, instance));
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Renews an instance's lease.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return the renewed instance
	 * @throws InstanceNotFoundException if the registry does not hold the instance
	 */
	public RegisteredInstance heartbeat(String service, String instanceId) {
		ServiceBucket bucket = bucket(service);
		RegisteredInstance renewed = bucket.instances.computeIfPresent(instanceId,
				(id, instance) -> instance.renewed(this.clock.instant()));
		if (renewed == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		bucket.touch();
		this.feed.heartbeat(renewed);
		return renewed;
	}

	/**
	 * Changes the status an instance reports about itself.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param status the new status
	 * @return the instance after the change (unchanged, with no new index, when the status was already set)
	 */
	public RegisteredInstance setStatus(String service, String instanceId, InstanceStatus status) {
		return update(service, instanceId, (instance, next) -> (instance.status() == status) ? instance
				: instance.withStatus(status, next));
	}

	/**
	 * Records the outcome of a health check.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param health the new health state
	 * @param output what the check saw
	 * @return the instance after the change; the index moves only when the state changes
	 */
	public RegisteredInstance setHealth(String service, String instanceId, HealthState health,
			@Nullable String output) {
		Instant now = this.clock.instant();
		return update(service, instanceId, (instance, next) -> (instance.health() == health)
				? instance.withHealth(health, output, now, instance.index()) : instance.withHealth(health, output, now, next));
	}

	private RegisteredInstance update(String service, String instanceId, Updater updater) {
		this.writeLock.lock();
		try {
			ServiceBucket bucket = bucket(service);
			long next = this.feed.next();
			// Atomic per entry, so a heartbeat landing at the same moment is not lost.
			RegisteredInstance[] before = new RegisteredInstance[1];
			RegisteredInstance updated = bucket.instances.computeIfPresent(instanceId, (id, current) -> {
				before[0] = current;
				return updater.apply(current, next);
			});
			if (updated == null) {
				throw new InstanceNotFoundException(service, instanceId);
			}
			bucket.replaced(before[0], updated);
			if (updated.index() == next) {
				publish(bucket, new RegistryChange(next, Kind.UPDATED, service, instanceId, updated));
			}
			return updated;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Removes an instance at its own request.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return the change
	 * @throws InstanceNotFoundException if the registry does not hold the instance
	 */
	public RegistryChange deregister(String service, String instanceId) {
		this.writeLock.lock();
		try {
			ServiceBucket bucket = bucket(service);
			RegisteredInstance removed = bucket.instances.remove(instanceId);
			if (removed == null) {
				throw new InstanceNotFoundException(service, instanceId);
			}
			return remove(bucket, removed, Kind.DEREGISTERED);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** Removes every instance whose lease has run out, and returns the expirations in index order. */
	public List<RegistryChange> expireLeases() {
		return expireLeases(ExpiryGuard.NONE);
	}

	/** Removes every instance whose lease has run out and that the guard lets go, in index order. */
	public List<RegistryChange> expireLeases(ExpiryGuard guard) {
		Instant now = this.clock.instant();
		List<RegistryChange> changes = new ArrayList<>();
		this.writeLock.lock();
		try {
			for (ServiceBucket bucket : this.services.values()) {
				for (RegisteredInstance candidate : bucket.instances.values()) {
					if (candidate.expired(now) && guard.mayExpire(candidate)
							&& bucket.instances.remove(candidate.id(), candidate)) {
						changes.add(remove(bucket, candidate, Kind.EXPIRED));
					}
				}
			}
			return changes;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Removes an instance that has been critical for longer than its check allows.
	 * @param instance the instance as last seen; nothing happens if it has changed since
	 * @return {@code true} if it was removed
	 */
	public boolean removeCritical(RegisteredInstance instance) {
		this.writeLock.lock();
		try {
			ServiceBucket bucket = bucket(instance.service());
			if (!bucket.instances.remove(instance.id(), instance)) {
				return false;
			}
			remove(bucket, instance, Kind.DEREGISTERED);
			return true;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void checkCapacity(String service, String instanceId) {
		ServiceBucket bucket = bucket(service);
		if (bucket.instances.containsKey(instanceId)) {
			return;
		}
		if (bucket.instances.size() >= this.maxPerService) {
			throw new CapacityExceededException("Service '" + service + "' already has " + this.maxPerService
					+ " instances, the most the registry allows per service");
		}
		if (this.instanceCount.get() >= this.maxTotal) {
			throw new CapacityExceededException(
					"The registry already holds " + this.maxTotal + " instances, the most it allows");
		}
	}

	private RegistryChange remove(ServiceBucket bucket, RegisteredInstance removed, Kind kind) {
		this.instanceCount.decrementAndGet();
		bucket.replaced(removed, null);
		RegistryChange change = publish(bucket,
				new RegistryChange(this.feed.next(), kind, removed.service(), removed.id(), removed));
		if (bucket.instances.isEmpty()) {
			this.services.remove(removed.service(), bucket);
		}
		return change;
	}

	private RegistryChange publish(ServiceBucket bucket, RegistryChange change) {
		bucket.index = change.index();
		return this.feed.publish(change);
	}

	/**
	 * Loads instances saved by an earlier run, before the registry serves requests. Leases start afresh now, so
	 * instances have a full TTL to send their next heartbeat.
	 * @param instances the saved instances
	 * @param savedIndex the change index when they were saved
	 */
	public void restore(List<RegisteredInstance> instances, long savedIndex) {
		this.writeLock.lock();
		try {
			Instant now = this.clock.instant();
			for (RegisteredInstance saved : instances) {
				ServiceBucket bucket = this.services.computeIfAbsent(saved.service(), (name) -> new ServiceBucket());
				RegisteredInstance renewed = saved.renewed(now);
				bucket.replaced(bucket.instances.put(saved.id(), renewed), renewed);
				bucket.index = Math.max(bucket.index, saved.index());
			}
			this.feed.raiseTo(savedIndex);
			this.instanceCount.set(this.services.values().stream().mapToInt((b) -> b.instances.size()).sum());
		}
		finally {
			this.writeLock.unlock();
		}
	}

	@FunctionalInterface
	private interface Updater {

		RegisteredInstance apply(RegisteredInstance current, long nextIndex);

	}

}
