package dev.discovery.server.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.HealthState;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;
import dev.discovery.server.registry.StoreUnavailableException;

/**
 * Checks every instance that registered an HTTP or TCP check, on its own interval with a random phase, and records
 * the outcome after thresholds in the registry. A round ({@link #runDueChecks()}) only starts the checks that are
 * due; they run asynchronously, bounded in number, and each ends within its timeout, so a slow instance never
 * delays another. Instances critical for longer than their {@code deregisterAfter} are removed.
 */
public class HealthChecker implements RegistryListener, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	/** How often the tracked instances are compared with the registry, in case a change was missed. */
	private static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(30);

	/** Extra time a probe gets beyond its timeout before the checker gives up on it. */
	private static final long BACKSTOP_MILLIS = 1000;

	private final Map<String, CheckState> states = new ConcurrentHashMap<>();

	private final OthersSuspects others;

	private final AtomicInteger running = new AtomicInteger();

	private final Registry registry;

	private final Clock clock;

	private final Map<HealthCheckType, HealthProbe> probes;

	private final ProtectionMode protection;

	private final HealthMetrics metrics;

	private final Settings settings;

	private final CheckAssignment assignment;

	private volatile long generation;

	private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

	private volatile @Nullable Instant nextReconcile;

	private volatile @Nullable ScheduledFuture<?> task;

	public HealthChecker(Registry registry, Clock clock, Map<HealthCheckType, HealthProbe> probes,
			ProtectionMode protection, HealthMetrics metrics, Settings settings) {
		this(registry, clock, probes, protection, metrics, settings, CheckAssignment.ALL);
	}

	/**
	 * A checker of the instances assigned to this node only.
	 * @param registry the registry
	 * @param clock the registry's clock
	 * @param probes a probe per check type
	 * @param protection protection mode, asked before an instance turns critical
	 * @param metrics the checker's meters
	 * @param settings how the checker runs
	 * @param assignment which instances this node checks
	 */
	public HealthChecker(Registry registry, Clock clock, Map<HealthCheckType, HealthProbe> probes,
			ProtectionMode protection, HealthMetrics metrics, Settings settings, CheckAssignment assignment) {
		this.assignment = assignment;
		this.generation = assignment.generation();
		this.registry = registry;
		this.clock = clock;
		this.probes = Map.copyOf(probes);
		this.protection = protection;
		this.metrics = metrics;
		this.settings = settings;
		this.others = new OthersSuspects(registry, protection, clock);
		metrics.bindRunning(this.running);
	}

	/** Replaces the source of schedule jitter (tests use a fixed one). */
	void setRandom(RandomGenerator random) {
		this.random = random;
	}

	@Override
	public void onChange(RegistryChange change) {
		if (change.removal()) {
			this.states.remove(CheckState.key(change.service(), change.instanceId()));
		}
		else {
			track(change.instance());
		}
	}

	private void track(RegisteredInstance instance) {
		String key = CheckState.key(instance.service(), instance.id());
		if (!this.probes.containsKey(instance.spec().healthCheck().type())
				|| !this.assignment.assigned(instance.service(), instance.id())) {
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
	 * Starts every check that is due now and removes instances critical for too long.
	 * @return completes when the checks started by this round have been recorded
	 */
	public CompletableFuture<Void> runDueChecks() {
		Instant now = this.clock.instant();
		reconcileIfDue(now);
		List<CompletableFuture<Void>> started = new ArrayList<>();
		boolean full = false;
		for (CheckState state : this.states.values()) {
			if (state.criticalLongerThanAllowed(now)) {
				deregister(state);
			}
			else if (this.running.get() >= this.settings.maxConcurrentChecks()) {
				// What is due stays due and starts on a later round; checked ones wait an interval, so all get a turn.
				full = true;
			}
			else if (state.claimIfDue(now)) {
				started.add(launch(state));
			}
		}
		if (full) {
			this.metrics.deferred();
		}
		return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
	}

	/**
	 * Checks one instance now, because a caller reported that it looks dead; the caller's word alone changes nothing.
	 * A failed check takes the instance out of the passing view at once (a caller's failed calls and the registry's
	 * own failed check are two observations; the failure threshold guards against one), unless protection mode
	 * keeps it. At most one such check per instance per {@code minInterval}, and none beyond the limit of concurrent
	 * checks. In a cluster, the node that got the report checks even an instance another node checks regularly, and
	 * records only a failure, through the store as that node would; the other node adopts it ({@link #onChange}).
	 * @param service the service name
	 * @param id the instance id
	 * @param minInterval the shortest time between two such checks of one instance
	 * @return what happened
	 */
	public Suspicion checkNow(String service, String id, Duration minInterval) {
		CheckState state = this.states.get(CheckState.key(service, id));
		boolean own = state != null;
		if (!own) {
			state = this.others.state(service, id,
					(instance) -> this.probes.containsKey(instance.spec().healthCheck().type()), this.random);
			if (state == null) {
				return Suspicion.NOT_CHECKED;
			}
		}
		if (this.running.get() >= this.settings.maxConcurrentChecks()) {
			return Suspicion.BUSY;
		}
		if (!state.claimNow(this.clock.instant(), minInterval)) {
			return Suspicion.RUNNING;
		}
		launch(state, own ? Kind.SUSPECT : Kind.OTHERS_SUSPECT);
		return Suspicion.STARTED;
	}

	private CompletableFuture<Void> launch(CheckState state) {
		return launch(state, Kind.REGULAR);
	}

	private CompletableFuture<Void> launch(CheckState state, Kind kind) {
		HealthCheckType type = state.spec.healthCheck().type();
		long startedAt = System.nanoTime();
		this.running.incrementAndGet();
		CompletableFuture<CheckResult> check;
		try {
			check = this.probes.get(type).check(state.spec, state.timeout);
		}
		catch (RuntimeException ex) {
			check = CompletableFuture.completedFuture(CheckResult.critical(CheckResult.describe(ex)));
		}
		return check
			.completeOnTimeout(CheckResult.critical("no answer within " + state.timeout.toMillis() + "ms"),
					state.timeout.toMillis() + BACKSTOP_MILLIS, TimeUnit.MILLISECONDS)
			.exceptionally((ex) -> CheckResult.critical(CheckResult.describe(ex)))
			// Record on the checker's executor, never on the HTTP client's selector or a timer thread.
			.thenAcceptAsync((result) -> {
				this.running.decrementAndGet();
				this.metrics.checked(type, result.outcome(), System.nanoTime() - startedAt);
				apply(state, result, kind);
			}, this.settings.executor());
	}

	private void apply(CheckState state, CheckResult result, Kind kind) {
		HealthState applied = state.health();
		try {
			// A check of an instance deregistered or replaced while it ran is dropped.
			if (kind == Kind.OTHERS_SUSPECT) {
				applied = this.others.record(state, result);
			}
			else if (this.states.get(state.key()) == state) {
				applied = record(state, result, kind == Kind.SUSPECT);
			}
		}
		catch (InstanceNotFoundException ex) {
			this.states.remove(state.key(), state);
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

	private void deregister(CheckState state) {
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
			this.states.remove(state.key(), state);
		}
		catch (StoreUnavailableException ex) {
			// Removed at a later round, once the store takes writes again; the other checks go on.
			logger.warn("Could not remove " + state.key() + ": " + ex.getMessage());
		}
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
			.removeIf((state) -> (!registered.contains(state.key()) && !exists(state))
					|| !this.assignment.assigned(state.service, state.id));
	}

	private boolean exists(CheckState state) {
		try {
			return state.describes(this.registry.instance(state.service, state.id));
		}
		catch (InstanceNotFoundException ex) {
			return false;
		}
	}

	/** How many instances are checked. */
	public int checkedInstances() {
		return this.states.size();
	}

	/** How many checks are running now. */
	public int runningChecks() {
		return this.running.get();
	}

	@Override
	public void start() {
		this.task = this.scheduler().scheduleWithFixedDelay(this::tick, this.settings.tick());
	}

	private TaskScheduler scheduler() {
		return this.settings.scheduler();
	}

	private void tick() {
		try {
			runDueChecks();
		}
		catch (RuntimeException ex) {
			// A failed round must not cancel the schedule: the next one retries.
			logger.error("Health check round failed", ex);
		}
	}

	@Override
	public void stop() {
		ScheduledFuture<?> scheduled = this.task;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
		this.task = null;
	}

	@Override
	public boolean isRunning() {
		return this.task != null;
	}

	/** Why a check runs. */
	private enum Kind {

		/** On the instance's schedule. */
		REGULAR,

		/** On a caller's report, of an instance this node checks. */
		SUSPECT,

		/** On a caller's report, of an instance another node of the cluster checks. */
		OTHERS_SUSPECT

	}

	/**
	 * How the checker runs.
	 *
	 * @param scheduler runs the rounds
	 * @param executor records check results
	 * @param tick time between rounds; a check starts at most this late
	 * @param maxConcurrentChecks checks that may run at once; more wait for a later round
	 */
	public record Settings(TaskScheduler scheduler, Executor executor, Duration tick, int maxConcurrentChecks) {
	}

}
