package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.StoreUnavailableException;

/**
 * Whether etcd answers this replica. A probe every second asks etcd for the epoch with a linearizable read, which
 * needs a leader; a few unanswered probes in a row (not one slow answer on a busy machine) make the replica
 * read-only, and the first answer ends it. Each probe also gives up on lease renewals etcd left unanswered, and
 * reports the Raft term of etcd's answer, so renewals follow a new leader ({@link LeaderLeases}).
 */
final class EtcdReachability {

	private static final Log logger = LogFactory.getLog(EtcdReachability.class);

	/** Unanswered probes in a row after which a replica is read-only. */
	private static final int UNREACHABLE_AFTER = 3;

	private final KV kv;

	private final EtcdKeys keys;

	private final Duration timeout;

	private final LeaseRenewals renewals;

	/** The revision the replica's view holds, for what it says. */
	private final LongSupplier revision;

	/** Told etcd's Raft term after each answered probe. */
	private final LongConsumer term;

	private volatile boolean reachable = true;

	/** Probes in a row that etcd did not answer; touched by the probe's thread only. */
	private int failedProbes;

	private volatile @Nullable ScheduledFuture<?> probe;

	EtcdReachability(KV kv, EtcdKeys keys, Duration timeout, LeaseRenewals renewals, LongSupplier revision) {
		this(kv, keys, timeout, renewals, revision, (raftTerm) -> {
		});
	}

	EtcdReachability(KV kv, EtcdKeys keys, Duration timeout, LeaseRenewals renewals, LongSupplier revision,
			LongConsumer term) {
		this.kv = kv;
		this.keys = keys;
		this.timeout = timeout;
		this.renewals = renewals;
		this.revision = revision;
		this.term = term;
	}

	/** Starts probing, every second. */
	void start(ScheduledExecutorService scheduler) {
		this.probe = scheduler.scheduleWithFixedDelay(this::probe, 1, 1, TimeUnit.SECONDS);
	}

	/** Whether etcd answered the last probes. */
	boolean reachable() {
		return this.reachable;
	}

	/**
	 * Refuses a write (a heartbeat included: its renewal could not reach etcd, and the lease would run out behind
	 * the caller's back) while etcd does not answer, so the caller fails over to a replica that reaches it.
	 */
	void requireReachable() {
		if (!this.reachable) {
			throw new StoreUnavailableException("etcd does not answer this replica; the registry is read-only here "
					+ "until it does (view at revision " + this.revision.getAsLong() + ")");
		}
	}

	void probe() {
		try {
			this.renewals.abandonUnanswered(this.timeout);
		}
		catch (RuntimeException | Error ex) {
			// The probe below must still run, and the schedule must not end: the next probe tries again. The
			// scheduler is a plain executor, on which anything escaping (an Error too) cancels the schedule.
			logger.error("Could not abandon unanswered lease renewals; retrying with the next probe", ex);
		}
		try {
			GetResponse answer = this.kv.get(this.keys.epoch()).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!this.reachable) {
				logger.info("etcd answers again; the registry takes writes again (view at revision "
						+ this.revision.getAsLong() + ")");
			}
			this.failedProbes = 0;
			this.reachable = true;
			reportTerm(answer.getHeader().getRaftTerm());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception | Error ex) {
			if (++this.failedProbes >= UNREACHABLE_AFTER && this.reachable) {
				logger.warn("etcd does not answer (" + EtcdStore.describe(ex) + "); serving the view at revision "
						+ this.revision.getAsLong() + " read-only until it does");
				this.reachable = false;
			}
		}
	}

	/** An answered probe stays answered, whatever following the leader runs into. */
	private void reportTerm(long raftTerm) {
		try {
			this.term.accept(raftTerm);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not look for etcd's leader; lease renewals stay where they go", ex);
		}
	}

	/** Stops probing. */
	void stop() {
		ScheduledFuture<?> running = this.probe;
		if (running != null) {
			running.cancel(false);
		}
	}

}
