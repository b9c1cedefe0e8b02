package dev.discovery.server.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.random.RandomGenerator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import dev.discovery.protocol.HealthCheckType;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;

/**
 * Checks every instance that registered an HTTP or TCP check, on its own interval with a random phase, and records
 * the outcome after thresholds in the registry. A round ({@link #runDueChecks()}) only starts the checks that are
 * due; they run asynchronously, bounded in number, and each ends within its timeout, so a slow instance never
 * delays another. Instances critical for longer than their {@code deregisterAfter} are removed.
 * <p>
 * This class schedules the rounds and decides which checks start; {@link CheckedInstances} knows which instances
 * are checked, {@link CheckRunner} runs the probes and {@link HealthTransitions} records their outcomes.
 */
public class HealthChecker implements RegistryListener, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	private final CheckedInstances instances;

	private final OthersSuspects others;

	private final HealthTransitions transitions;

	private final CheckRunner runner;

	private final Clock clock;

	private final HealthMetrics metrics;

	private final Settings settings;

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
		Map<HealthCheckType, HealthProbe> types = Map.copyOf(probes);
		this.clock = clock;
		this.metrics = metrics;
		this.settings = settings;
		this.instances = new CheckedInstances(registry, clock,
				(instance) -> types.containsKey(instance.spec().healthCheck().type()), assignment);
		this.others = new OthersSuspects(registry, protection, clock);
		this.transitions = new HealthTransitions(registry, clock, protection, metrics, this.instances, this.others);
		this.runner = new CheckRunner(types, metrics, settings.executor(), this.transitions);
	}

	/** Replaces the source of schedule jitter (tests use a fixed one). */
	void setRandom(RandomGenerator random) {
		this.instances.setRandom(random);
	}

	@Override
	public void onChange(RegistryChange change) {
		this.instances.onChange(change);
	}

	/**
	 * Starts every check that is due now and removes instances critical for too long.
	 * @return completes when the checks started by this round have been recorded
	 */
	public CompletableFuture<Void> runDueChecks() {
		Instant now = this.clock.instant();
		List<CompletableFuture<Void>> started = new ArrayList<>();
		boolean full = false;
		for (CheckState state : this.instances.reconciled(now)) {
			if (state.criticalLongerThanAllowed(now)) {
				this.transitions.deregister(state);
			}
			else if (this.runner.running() >= this.settings.maxConcurrentChecks()
					|| (state.slow() && this.runner.runningSlow() >= slowSlots())) {
				// What is due stays due and starts on a later round; checked ones wait an interval, so all get a turn.
				// Instances whose last check ran into its timeout (hung, or a host that vanished) hold their slot for
				// the whole timeout, up to an interval: they get half of the slots at the most, so however many of
				// them there are, the others are still checked on time.
				full = true;
			}
			else if (state.claimIfDue(now)) {
				started.add(this.runner.launch(state, CheckKind.REGULAR));
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
		CheckState state = this.instances.get(service, id);
		boolean own = state != null;
		if (!own) {
			state = this.others.state(service, id, this.instances::canCheck, this.instances.random());
			if (state == null) {
				return Suspicion.NOT_CHECKED;
			}
		}
		if (this.runner.running() >= this.settings.maxConcurrentChecks()) {
			return Suspicion.BUSY;
		}
		if (!state.claimNow(this.clock.instant(), minInterval)) {
			return Suspicion.RUNNING;
		}
		this.runner.launch(state, own ? CheckKind.SUSPECT : CheckKind.OTHERS_SUSPECT);
		return Suspicion.STARTED;
	}

	/** The slots that checks of instances whose last check ran into its timeout may hold at once. */
	private int slowSlots() {
		return Math.max(1, this.settings.maxConcurrentChecks() / 2);
	}

	/** How many instances are checked. */
	public int checkedInstances() {
		return this.instances.size();
	}

	/** How many checks are running now. */
	public int runningChecks() {
		return this.runner.running();
	}

	@Override
	public void start() {
		this.task = this.settings.scheduler().scheduleWithFixedDelay(this::tick, this.settings.tick());
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
