package dev.discovery.server.health;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.discovery.protocol.HealthCheckType;

/**
 * Runs the probes: each check ends within its timeout (plus a backstop, should a probe not keep to it), a probe that
 * throws counts as a failed check, and the result is recorded on the checker's executor. Counts the checks running.
 */
final class CheckRunner {

	/** Extra time a probe gets beyond its timeout before the checker gives up on it. */
	private static final long BACKSTOP_MILLIS = 1000;

	private final AtomicInteger running = new AtomicInteger();

	/** Checks running for instances whose last check ran into its timeout. */
	private final AtomicInteger runningSlow = new AtomicInteger();

	private final Map<HealthCheckType, HealthProbe> probes;

	private final HealthMetrics metrics;

	private final Executor executor;

	private final HealthTransitions transitions;

	CheckRunner(Map<HealthCheckType, HealthProbe> probes, HealthMetrics metrics, Executor executor,
			HealthTransitions transitions) {
		this.probes = Map.copyOf(probes);
		this.metrics = metrics;
		this.executor = executor;
		this.transitions = transitions;
		metrics.bindRunning(this.running);
	}

	/** How many checks are running now. */
	int running() {
		return this.running.get();
	}

	/** How many of them check instances whose last check ran into its timeout. */
	int runningSlow() {
		return this.runningSlow.get();
	}

	/**
	 * Starts a check of a claimed instance.
	 * @param state the instance, claimed for this check
	 * @param kind why the check runs
	 * @return completes when the result has been recorded
	 */
	CompletableFuture<Void> launch(CheckState state, CheckKind kind) {
		HealthCheckType type = state.spec.healthCheck().type();
		long startedAt = System.nanoTime();
		this.running.incrementAndGet();
		boolean slowLane = state.slow();
		if (slowLane) {
			this.runningSlow.incrementAndGet();
		}
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
				if (slowLane) {
					this.runningSlow.decrementAndGet();
				}
				long took = System.nanoTime() - startedAt;
				state.slow(took >= state.timeout.toNanos());
				this.metrics.checked(type, result.outcome(), took);
				this.transitions.apply(state, result, kind);
			}, this.executor);
	}

}
