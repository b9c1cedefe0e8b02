package dev.discovery.server.health;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;

/**
 * Suspect checks of instances another node of a cluster checks regularly: the node that got a caller's report
 * checks the instance itself and records only a failure, through the store, as the owner would on a report; the
 * owner takes it over when it hears of the change ({@link CheckState#adoptCritical}). Remembers such instances for
 * the rate limit of report-triggered checks only.
 */
final class OthersSuspects {

	private static final Log logger = LogFactory.getLog(OthersSuspects.class);

	/** Instances remembered before those no longer registered are dropped. */
	private static final int MAX_REMEMBERED = 10_000;

	private final Map<String, CheckState> states = new ConcurrentHashMap<>();

	private final Registry registry;

	private final ProtectionMode protection;

	private final Clock clock;

	OthersSuspects(Registry registry, ProtectionMode protection, Clock clock) {
		this.registry = registry;
		this.protection = protection;
		this.clock = clock;
	}

	/**
	 * The memory of a registered instance another node checks, for its rate limit.
	 * @param service the service
	 * @param id the instance id
	 * @param checkable whether this node has a probe for the instance's check type
	 * @param random the schedule jitter (unused by report-triggered checks, required by {@link CheckState})
	 * @return the state, or {@code null} if the instance is not registered or has no check this node can run
	 */
	@Nullable CheckState state(String service, String id, Predicate<RegisteredInstance> checkable,
			RandomGenerator random) {
		RegisteredInstance instance;
		try {
			instance = this.registry.instance(service, id);
		}
		catch (InstanceNotFoundException ex) {
			return null;
		}
		if (!checkable.test(instance)) {
			return null;
		}
		if (this.states.size() >= MAX_REMEMBERED) {
			this.states.values().removeIf((state) -> !state.registeredIn(this.registry));
		}
		return this.states.compute(CheckState.key(service, id), (key, old) -> (old != null && old.describes(instance))
				? old : new CheckState(instance, this.clock.instant(), random));
	}

	/**
	 * Records a check's outcome: a failure makes the instance critical at once, unless protection mode keeps it; a
	 * pass changes nothing (the owner's checks decide).
	 * @param state the instance's memory
	 * @param result what the check saw
	 * @return the instance's health now
	 */
	HealthState record(CheckState state, CheckResult result) {
		RegisteredInstance current = this.registry.instance(state.service, state.id);
		if (result.outcome() != HealthState.CRITICAL || current.health() == HealthState.CRITICAL
				|| !state.describes(current) || !this.protection.allowLoss(current, false)) {
			return current.health();
		}
		this.registry.setHealth(state.service, state.id, HealthState.CRITICAL, result.output());
		logger.info("Health of " + state.key() + " is now CRITICAL (checked here on a caller's report): "
				+ result.output());
		return HealthState.CRITICAL;
	}

}
