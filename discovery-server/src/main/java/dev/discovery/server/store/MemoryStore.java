package dev.discovery.server.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.registry.AbstractRegistry;
import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryChange.Kind;
import dev.discovery.server.registry.StoreRecovery;

/**
 * The store of one registry process: the registry lives in this JVM's memory and, with a {@link Journal}, on disk.
 * <p>
 * Changes take one write lock, which makes the index (a counter) and the order in which the journal and the
 * listeners hear of changes agree. The lock covers only memory work: a writer waits for the journal after releasing
 * it, so concurrent writers share one write and one disk flush. Heartbeats take no lock and touch no disk; reads
 * take no lock.
 */
public class MemoryStore extends AbstractRegistry {

	private static final Log logger = LogFactory.getLog(MemoryStore.class);

	private final ReentrantLock writeLock = new ReentrantLock();

	private final Clock clock;

	private final int maxPerService;

	private final int maxTotal;

	private final Journal journal;

	private volatile StoreRecovery recovery = StoreRecovery.none("kept in memory only");

	/**
	 * A store with no limits and no journal, for tests and tools.
	 * @param clock the clock that leases are measured with
	 */
	public MemoryStore(Clock clock) {
		this(clock, Integer.MAX_VALUE, Integer.MAX_VALUE, Journal.NONE);
	}

	/**
	 * A store.
	 * @param clock the clock that leases are measured with
	 * @param maxPerService most instances one service may have
	 * @param maxTotal most instances in all
	 * @param journal where changes are made durable
	 */
	public MemoryStore(Clock clock, int maxPerService, int maxTotal, Journal journal) {
		this.clock = clock;
		this.maxPerService = maxPerService;
		this.maxTotal = maxTotal;
		this.journal = journal;
	}

	/**
	 * Loads what the journal holds from before, before the store serves anything. Instances beyond the capacity
	 * limits are left out; leases start afresh now, so every instance has a full TTL to send its next heartbeat.
	 * @return what was restored
	 */
	public StoreRecovery recover() {
		Journal.Recovered recovered = this.journal.recover();
		StoreRecovery outcome = recovered.outcome();
		Instant now = this.clock.instant();
		List<RegisteredInstance> kept = new ArrayList<>();
		Map<String, Integer> perService = new HashMap<>();
		int refused = 0;
		this.writeLock.lock();
		try {
			for (RegisteredInstance saved : recovered.instances()) {
				int count = perService.getOrDefault(saved.service(), 0);
				if (kept.size() < this.maxTotal && count < this.maxPerService) {
					perService.put(saved.service(), count + 1);
					kept.add(saved.renewed(now));
				}
				else {
					refused++;
					logger.warn("Left out saved instance " + saved.service() + "/" + saved.id()
							+ ": beyond discovery.server.limits (max-instances " + this.maxTotal
							+ ", max-instances-per-service " + this.maxPerService + ")");
				}
			}
			this.view.load(kept, outcome.index());
			this.journal.open(kept, this.view.index());
			this.recovery = new StoreRecovery(outcome.restored(), kept.size(), outcome.skipped() + refused,
					this.view.index(), outcome.savedAt(), outcome.source());
		}
		finally {
			this.writeLock.unlock();
		}
		return this.recovery;
	}

	@Override
	public StoreRecovery recovery() {
		return this.recovery;
	}

	@Override
	public RegistryChange register(String service, String instanceId, InstanceSpec spec) {
		RegistryChange change;
		this.writeLock.lock();
		try {
			checkCapacity(service, instanceId, this.maxPerService, this.maxTotal);
			long next = nextIndex();
			RegisteredInstance instance = RegisteredInstance.registered(service, instanceId, spec, this.clock.instant(),
					next);
			Kind kind = this.view.holds(service, instanceId) ? Kind.UPDATED : Kind.REGISTERED;
			change = commit(new RegistryChange(next, kind, service, instanceId, instance));
		}
		finally {
			this.writeLock.unlock();
		}
		this.journal.awaitWritten(change.index());
		return change;
	}

	@Override
	public RegisteredInstance heartbeat(String service, String instanceId) {
		RegisteredInstance renewed = this.view.renew(service, instanceId, this.clock.instant());
		if (renewed == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		this.feed.heartbeat(renewed);
		return renewed;
	}

	@Override
	public RegisteredInstance setStatus(String service, String instanceId, InstanceStatus status) {
		return update(service, instanceId, (current, next) -> (current.status() == status) ? null
				: current.withStatus(status, next));
	}

	@Override
	public RegisteredInstance setHealth(String service, String instanceId, HealthState health,
			@Nullable String output) {
		Instant now = this.clock.instant();
		RegisteredInstance current = this.view.instance(service, instanceId);
		if (current.health() == health) {
			// Same state: what the check saw is shown, but nothing changed that callers act on.
			RegisteredInstance amended = this.view.amend(service, instanceId, (held) -> (held.health() == health)
					? held.withHealth(health, output, now, held.index()) : held);
			if (amended == null) {
				throw new InstanceNotFoundException(service, instanceId);
			}
			if (amended.health() == health) {
				return amended;
			}
		}
		return update(service, instanceId, (held, next) -> (held.health() == health)
				? null : held.withHealth(health, output, now, next));
	}

	private RegisteredInstance update(String service, String instanceId, Updater updater) {
		RegistryChange change;
		this.writeLock.lock();
		try {
			while (true) {
				RegisteredInstance current = this.view.instance(service, instanceId);
				long next = this.view.index() + 1;
				RegisteredInstance updated = updater.apply(current, next);
				if (updated == null) {
					return current;
				}
				this.journal.reserve(next);
				change = new RegistryChange(next, Kind.UPDATED, service, instanceId, updated);
				// Conditional, so a heartbeat that landed since reading the instance is not undone: read again.
				if (this.view.applyIfCurrent(change, current)) {
					committed(change);
					break;
				}
			}
		}
		finally {
			this.writeLock.unlock();
		}
		this.journal.awaitWritten(change.index());
		return change.instance();
	}

	@Override
	public RegistryChange deregister(String service, String instanceId) {
		RegistryChange change;
		this.writeLock.lock();
		try {
			RegisteredInstance removed = this.view.instance(service, instanceId);
			change = commit(new RegistryChange(nextIndex(), Kind.DEREGISTERED, service, instanceId, removed));
		}
		finally {
			this.writeLock.unlock();
		}
		// On disk before the caller hears it is gone: a crash must not bring it back.
		this.journal.awaitSynced(change.index());
		return change;
	}

	@Override
	public List<RegistryChange> expireLeases(ExpiryGuard guard) {
		Instant now = this.clock.instant();
		List<RegistryChange> changes = new ArrayList<>();
		this.writeLock.lock();
		try {
			for (RegisteredInstance candidate : this.view.allInstances()) {
				if (candidate.expired(now) && guard.mayExpire(candidate)) {
					RegistryChange change = removeIfCurrent(candidate, Kind.EXPIRED);
					if (change != null) {
						changes.add(change);
					}
				}
			}
		}
		finally {
			this.writeLock.unlock();
		}
		if (!changes.isEmpty()) {
			this.journal.awaitSynced(changes.get(changes.size() - 1).index());
		}
		return changes;
	}

	@Override
	public boolean removeCritical(RegisteredInstance instance) {
		RegistryChange change;
		this.writeLock.lock();
		try {
			change = removeIfCurrent(instance, Kind.DEREGISTERED);
		}
		finally {
			this.writeLock.unlock();
		}
		if (change == null) {
			return false;
		}
		this.journal.awaitSynced(change.index());
		return true;
	}

	private @Nullable RegistryChange removeIfCurrent(RegisteredInstance instance, Kind kind) {
		long next = nextIndex();
		RegistryChange change = new RegistryChange(next, kind, instance.service(), instance.id(), instance);
		// A heartbeat that renewed the instance meanwhile wins: it is no longer the one that expired.
		if (!this.view.applyIfCurrent(change, instance)) {
			return null;
		}
		committed(change);
		return change;
	}

	private long nextIndex() {
		long next = this.view.index() + 1;
		this.journal.reserve(next);
		return next;
	}

	private RegistryChange commit(RegistryChange change) {
		RegistryChange applied = apply(change);
		committed(applied);
		return applied;
	}

	private void committed(RegistryChange applied) {
		this.journal.append(applied);
		publish(applied);
	}

	@FunctionalInterface
	private interface Updater {

		/** The instance after the update, or {@code null} when the update changes nothing. */
		@Nullable RegisteredInstance apply(RegisteredInstance current, long nextIndex);

	}

}
