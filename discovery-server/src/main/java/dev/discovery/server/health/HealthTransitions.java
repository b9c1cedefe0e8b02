package dev.discovery.server.health;

import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.discovery.protocol.HealthState;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.StoreUnavailableException;

/**
 * Turns check outcomes into health in the registry: thresholds, protection mode, recovery, and the removal of
 * instances critical for longer than their {@code deregisterAfter}. A failure to record never escapes: the check is
 * recorded at a later round.
 */
final class HealthTransitions {

	// Logs under the checker's name, the one operators know and configure.
	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	private final Registry registry;

	private final Clock clock;

	private final ProtectionMode protection;

	private final HealthMetrics metrics;

	private final CheckedInstances instances;

	private final OthersSuspects others;

	HealthTransitions(Registry registry, Clock clock, ProtectionMode protection, HealthMetrics metrics,
			CheckedInstances instances, OthersSuspects others) {
		this.registry = registry;
		this.clock = clock;
		this.protection = protection;
		this.metrics = metrics;
		this.instances = instances;
		this.others = others;
	}

	/**
	 * Records a finished check and releases its state for the next one.
	 * @param state the checked instance
	 * @param result what the check saw
	 * @param kind why the check ran
	 */
	void apply(CheckState state, CheckResult result, CheckKind kind) {
		HealthState applied = state.health();
		try {
			// A check of an instance deregistered or replaced while it ran is dropped.
			if (kind == CheckKind.OTHERS_SUSPECT) {
				applied = this.others.record(state, result);
			}
			else if (this.instances.isCurrent(state)) {
				applied = record(state, result, kind == CheckKind.SUSPECT);
			}
		}
		catch (InstanceNotFoundException ex) {
			this.instances.forget(state);
		}
		catch (StoreUnavailableException ex) {
			// The store says why; the check is recorded at a later round, once it takes writes again.
			logger.warn("Could not record the health check of " + state.key() + ": " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Recording the health check of " + state.key() + " failed", ex);
		}
		finally {
			state.finished(applied, this.clock.instant());
		}
	}

	private HealthState record(CheckState state, CheckResult result, boolean suspect) {
		HealthState before = state.health();
		HealthState target = suspect ? state.recordSuspect(result.outcome()) : state.record(result.outcome());
		String output = result.output();
		if (target == HealthState.CRITICAL && before != HealthState.CRITICAL
				&& !this.protection.allowLoss(this.registry.instance(state.service, state.id), false)) {
			target = before;
			output = "failing, kept by protection mode: " + output;
		}
		else if (target != HealthState.CRITICAL && result.outcome() != HealthState.CRITICAL) {
			this.protection.recovered(state.service, state.id);
		}
		this.registry.setHealth(state.service, state.id, target, output);
		if (target != before) {
			logger.info("Health of " + state.key() + " is now " + target + ": " + output);
		}
		return target;
	}

	/**
	 * Removes an instance critical for longer than allowed, if the registry still holds it critical and unchanged.
	 * @param state the checked instance
	 */
	void deregister(CheckState state) {
		try {
			RegisteredInstance current = this.registry.instance(state.service, state.id);
			if (current.health() == HealthState.CRITICAL && state.describes(current)
					&& this.registry.removeCritical(current)) {
				this.metrics.removedCritical();
				logger.info("Removed " + state.key() + ": critical for longer than " + state.deregisterAfter.toSeconds()
						+ "s (" + current.healthOutput() + ")");
			}
		}
		catch (InstanceNotFoundException ex) {
			this.instances.forget(state);
		}
		catch (StoreUnavailableException ex) {
			// Removed at a later round, once the store takes writes again; the other checks go on.
			logger.warn("Could not remove " + state.key() + ": " + ex.getMessage());
		}
	}

}
