package dev.discovery.server.health;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthState;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;

/**
 * The checker's memory of one checked instance: when its next check is due, its consecutive failures and successes
 * (Kubernetes-style thresholds), and since when it has been critical. Thread-safe.
 */
final class CheckState {

	/** The first check runs within this long of registration, so a broken instance is noticed quickly. */
	static final Duration FIRST_CHECK_SPREAD = Duration.ofSeconds(1);

	final String service;

	final String id;

	final InstanceSpec spec;

	final Instant registeredAt;

	final Duration interval;

	final Duration timeout;

	final Duration deregisterAfter;

	private final int failureThreshold;

	private final int successThreshold;

	private final Instant phase;

	private Instant nextDue;

	private long claims;

	private boolean inFlight;

	/** Whether its last check ran into its timeout: such checks share at most half of the concurrent slots. */
	private volatile boolean slow;

	private HealthState health;

	private int failures;

	private int successes;

	private @Nullable Instant criticalSince;

	private @Nullable Instant lastSuspectCheck;

	CheckState(RegisteredInstance instance, Instant now, RandomGenerator random) {
		this.service = instance.service();
		this.id = instance.id();
		this.spec = instance.spec();
		this.registeredAt = instance.registeredAt();
		HealthCheckSpec check = instance.spec().healthCheck();
		this.interval = Durations.parse(check.interval());
		this.timeout = Durations.parse(check.timeout());
		this.deregisterAfter = Durations.parse(check.deregisterAfter());
		this.failureThreshold = check.failureThreshold();
		this.successThreshold = check.successThreshold();
		long spread = Math.min(this.interval.toMillis(), FIRST_CHECK_SPREAD.toMillis());
		this.nextDue = now.plusMillis(random.nextLong(spread));
		// Later checks keep a random phase within the interval, so instances registered together spread out.
		this.phase = now.plusMillis(random.nextLong(this.interval.toMillis()));
		this.health = instance.health();
		this.criticalSince = (this.health == HealthState.CRITICAL) ? now : null;
	}

	/** Whether this state still describes the given registration (and not one that replaced it). */
	boolean describes(RegisteredInstance instance) {
		return this.registeredAt.equals(instance.registeredAt()) && this.spec.equals(instance.spec())
				&& !(instance.lastCheckAt() == null && checked());
	}

	/** Whether the registry still holds the registration this state describes. */
	boolean registeredIn(Registry registry) {
		try {
			return describes(registry.instance(this.service, this.id));
		}
		catch (InstanceNotFoundException ex) {
			return false;
		}
	}

	/**
	 * Claims the next check if it is due and none is running.
	 * @param now the current time
	 * @return {@code true} if the caller must run a check now
	 */
	synchronized boolean claimIfDue(Instant now) {
		if (this.inFlight || now.isBefore(this.nextDue)) {
			return false;
		}
		this.inFlight = true;
		if (this.claims == 0) {
			// After the quick first check, move onto the instance's phase: the first slot after now, at most an
			// interval away, so crash detection never waits longer than interval x threshold.
			Instant slot = this.phase;
			while (!slot.isAfter(now)) {
				slot = slot.plus(this.interval);
			}
			this.nextDue = slot;
		}
		else {
			Instant next = this.nextDue.plus(this.interval);
			// Behind schedule (a long pause): wait a full interval rather than catching up in a burst.
			this.nextDue = next.isAfter(now) ? next : now.plus(this.interval);
		}
		this.claims++;
		return true;
	}

	/**
	 * Claims a check out of turn (a caller reported the instance), unless one is running or the last such check was
	 * less than {@code minInterval} ago. The regular schedule stays as it was.
	 * @param now the current time
	 * @param minInterval the shortest time between two such checks
	 * @return {@code true} if the caller must run a check now
	 */
	synchronized boolean claimNow(Instant now, Duration minInterval) {
		if (this.inFlight || (this.lastSuspectCheck != null && now.isBefore(this.lastSuspectCheck.plus(minInterval)))) {
			return false;
		}
		this.inFlight = true;
		this.lastSuspectCheck = now;
		return true;
	}

	/**
	 * Counts the outcome of a check made on a caller's report: a failure is critical at once.
	 * @param outcome what the check saw
	 * @return the health after thresholds
	 */
	synchronized HealthState recordSuspect(HealthState outcome) {
		if (outcome != HealthState.CRITICAL) {
			return record(outcome);
		}
		this.failures = Math.max(this.failures + 1, this.failureThreshold);
		this.successes = 0;
		return HealthState.CRITICAL;
	}

	/**
	 * Counts a check's outcome and says what the instance's health should become.
	 * @param outcome what the check saw
	 * @return the health after thresholds
	 */
	synchronized HealthState record(HealthState outcome) {
		if (outcome == HealthState.CRITICAL) {
			this.failures++;
			this.successes = 0;
			return (this.failures >= this.failureThreshold) ? HealthState.CRITICAL : this.health;
		}
		this.successes++;
		this.failures = 0;
		if (this.health == HealthState.CRITICAL && this.successes < this.successThreshold) {
			return HealthState.CRITICAL;
		}
		return outcome;
	}

	/**
	 * Takes over a failure another node recorded on a caller's report (a cluster): critical, as if this node had
	 * checked, so its next failing check keeps it so and its deregistration clock runs. Ignored while a check runs:
	 * that check's outcome is newer.
	 * @param now the current time
	 */
	synchronized void adoptCritical(Instant now) {
		if (this.inFlight || this.health == HealthState.CRITICAL) {
			return;
		}
		this.health = HealthState.CRITICAL;
		this.failures = Math.max(this.failures, this.failureThreshold);
		this.successes = 0;
		this.criticalSince = now;
	}

	/**
	 * Notes what the registry now holds, once the check is over.
	 * @param applied the health recorded in the registry
	 * @param now the current time
	 */
	synchronized void finished(HealthState applied, Instant now) {
		this.inFlight = false;
		if (applied == HealthState.CRITICAL && this.criticalSince == null) {
			this.criticalSince = now;
		}
		else if (applied != HealthState.CRITICAL) {
			this.criticalSince = null;
		}
		this.health = applied;
	}

	synchronized boolean criticalLongerThanAllowed(Instant now) {
		return this.criticalSince != null && !now.isBefore(this.criticalSince.plus(this.deregisterAfter));
	}

	synchronized boolean checked() {
		return this.claims > 0;
	}

	synchronized HealthState health() {
		return this.health;
	}

	String key() {
		return key(this.service, this.id);
	}

	static String key(String service, String id) {
		return service + "/" + id;
	}

	/** Whether its last check ran into its timeout (a hung or unreachable instance). */
	boolean slow() {
		return this.slow;
	}

	void slow(boolean slow) {
		this.slow = slow;
	}

}
