package dev.discovery.server.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;

/**
 * The instances this node checks and the checker's memory of each: follows the registry's changes, and compares
 * itself with the registry now and then (or when the assignment changes) in case a change was missed.
 */
final class CheckedInstances {

	/** How often the tracked instances are compared with the registry, in case a change was missed. */
	private static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(30);

	private final Map<String, CheckState> states = new ConcurrentHashMap<>();

	private final Registry registry;

	private final Clock clock;

	private final Predicate<RegisteredInstance> checkable;

	private final CheckAssignment assignment;

	private volatile long generation;

	private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

	private volatile @Nullable Instant nextReconcile;

	CheckedInstances(Registry registry, Clock clock, Predicate<RegisteredInstance> checkable,
			CheckAssignment assignment) {
		this.registry = registry;
		this.clock = clock;
		this.checkable = checkable;
		this.assignment = assignment;
		this.generation = assignment.generation();
	}

	/** Replaces the source of schedule jitter (tests use a fixed one). */
	void setRandom(RandomGenerator random) {
		this.random = random;
	}

	RandomGenerator random() {
		return this.random;
	}

	/** Whether this node has a probe for the instance's check type. */
	boolean canCheck(RegisteredInstance instance) {
		return this.checkable.test(instance);
	}

	void onChange(RegistryChange change) {
		if (change.removal()) {
			this.states.remove(CheckState.key(change.service(), change.instanceId()));
		}
		else {
			track(change.instance());
		}
	}

	private void track(RegisteredInstance instance) {
		String key = CheckState.key(instance.service(), instance.id());
		if (!this.checkable.test(instance) || !this.assignment.assigned(instance.service(), instance.id())) {
			this.states.remove(key);
			return;
		}
		this.states.compute(key, (k, old) -> {
			if (old == null || !old.describes(instance)) {
				return new CheckState(instance, this.clock.instant(), this.random);
			}
			if (instance.health() == HealthState.CRITICAL && old.health() != HealthState.CRITICAL
					&& stillCritical(instance)) {
				// Another node checked it on a caller's report and found it failing: count that as this node's own.
				old.adoptCritical(this.clock.instant());
			}
			return old;
		});
	}

	private boolean stillCritical(RegisteredInstance instance) {
		try {
			return this.registry.instance(instance.service(), instance.id()).health() == HealthState.CRITICAL;
		}
		catch (InstanceNotFoundException ex) {
			return false;
		}
	}

	/**
	 * The checked instances, compared with the registry first if that is due.
	 * @param now the current time
	 * @return a live view of the checked instances
	 */
	Collection<CheckState> reconciled(Instant now) {
		reconcileIfDue(now);
		return this.states.values();
	}

	private void reconcileIfDue(Instant now) {
		Instant due = this.nextReconcile;
		long assigned = this.assignment.generation();
		if (due != null && now.isBefore(due) && assigned == this.generation) {
			return;
		}
		this.generation = assigned;
		this.nextReconcile = now.plus(RECONCILE_INTERVAL);
		Set<String> registered = new HashSet<>();
		for (RegisteredInstance instance : this.registry.allInstances()) {
			String key = CheckState.key(instance.service(), instance.id());
			registered.add(key);
			if (!this.states.containsKey(key)) {
				track(instance);
			}
		}
		this.states.values()
			.removeIf((state) -> (!registered.contains(state.key()) && !state.registeredIn(this.registry))
					|| !this.assignment.assigned(state.service, state.id));
	}

	@Nullable CheckState get(String service, String id) {
		return this.states.get(CheckState.key(service, id));
	}

	/** Whether the state is still the one tracked for its instance (not deregistered or replaced meanwhile). */
	boolean isCurrent(CheckState state) {
		return this.states.get(state.key()) == state;
	}

	void forget(CheckState state) {
		this.states.remove(state.key(), state);
	}

	int size() {
		return this.states.size();
	}

}
