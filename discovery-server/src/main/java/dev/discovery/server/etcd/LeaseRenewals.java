package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * Renews instance leases in etcd on behalf of heartbeats, at most once per slack per lease. A heartbeat never waits
 * for etcd: the lease was granted for the TTL plus the slack, so a renewal sent within the slack of a heartbeat keeps
 * the promise the heartbeat's answer makes ({@code leaseExpiresAt}), and etcd sees at most one keep-alive per
 * instance per slack however often instances heartbeat. Keep-alives are answered by etcd's leader from memory: no
 * Raft write.
 * <p>
 * Every renewal goes over the client's one long-lived keep-alive stream (jetcd's {@link Lease#keepAlive}): the lease
 * joins the stream until etcd's first answer, which leaves it again. jetcd writes what joined on its next tick (every
 * half second), never before the heartbeat that asked, so the lease is renewed from a moment after the heartbeat. A
 * stream per renewal ({@code keepAliveOnce}) cost the client and etcd a stream set-up per heartbeat.
 */
final class LeaseRenewals {

	private static final long MIN_SLACK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Lease leases;

	/** When each lease was last asked to be renewed ({@code System.nanoTime}). */
	private final Map<Long, Long> asked = new ConcurrentHashMap<>();

	/** Renewals on the stream that etcd has not answered yet. */
	private final Map<Long, Renewal> pending = new ConcurrentHashMap<>();

	private final AtomicLong renewals = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	LeaseRenewals(Lease leases) {
		this.leases = leases;
	}

	/**
	 * The slack of a lease TTL: how much longer than the TTL etcd's lease is granted for, and so how long a renewal
	 * may be put off.
	 * @param ttl the instance's lease TTL
	 * @return a third of it, at least a second
	 */
	static Duration slack(Duration ttl) {
		return Duration.ofNanos(slackNanos(ttl));
	}

	private static long slackNanos(Duration ttl) {
		return Math.max(ttl.toNanos() / 3, MIN_SLACK_NANOS);
	}

	/**
	 * The TTL to grant etcd's lease for, in whole seconds as etcd takes it.
	 * @param ttl the instance's lease TTL
	 * @return the TTL plus the slack, rounded up
	 */
	static long grantSeconds(Duration ttl) {
		return (ttl.plus(slack(ttl)).toMillis() + 999) / 1000;
	}

	/**
	 * Notes a heartbeat; renews the lease unless that was asked for within the slack.
	 * @param lease the instance's etcd lease
	 * @param ttl the instance's lease TTL
	 */
	void heartbeat(long lease, Duration ttl) {
		long now = System.nanoTime();
		long slack = slackNanos(ttl);
		Long last = this.asked.get(lease);
		if (last != null && now - last < slack) {
			// Most heartbeats: renewed within the slack already, and no lock taken to learn it.
			return;
		}
		boolean[] due = new boolean[1];
		this.asked.compute(lease, (id, previous) -> {
			due[0] = previous == null || now - previous >= slack;
			return due[0] ? now : previous;
		});
		if (due[0]) {
			send(lease);
		}
	}

	/**
	 * Renews a lease now, whatever was asked before (protection mode holding an instance).
	 * @param lease the lease
	 */
	void renewNow(long lease) {
		this.asked.put(lease, System.nanoTime());
		send(lease);
	}

	/** Joins the stream, unless the lease is on it already: then its next write renews it from now on anyway. */
	private void send(long lease) {
		Renewal renewal = new Renewal(lease, System.nanoTime());
		if (this.pending.putIfAbsent(lease, renewal) == null) {
			renewal.start();
		}
	}

	/**
	 * Gives up on renewals etcd has not answered within the timeout, so the next heartbeat asks again.
	 * @param timeout how long an answer may take
	 */
	void abandonUnanswered(Duration timeout) {
		long now = System.nanoTime();
		for (Renewal renewal : this.pending.values()) {
			if (now - renewal.joined >= timeout.toNanos()) {
				renewal.finish(false);
			}
		}
	}

	/** The instance is gone: forget its lease. */
	void forget(long lease) {
		this.asked.remove(lease);
		Renewal renewal = this.pending.get(lease);
		if (renewal != null) {
			renewal.finish(true);
		}
	}

	long renewals() {
		return this.renewals.get();
	}

	long failures() {
		return this.failures.get();
	}

	/** How many renewals wait for etcd's answer. */
	int pending() {
		return this.pending.size();
	}

	/** One lease's stay on the keep-alive stream, from a heartbeat that asked to etcd's first answer. */
	private final class Renewal implements StreamObserver<LeaseKeepAliveResponse> {

		private final long lease;

		private final long joined;

		private final AtomicBoolean finished = new AtomicBoolean();

		private volatile @Nullable CloseableClient membership;

		Renewal(long lease, long joined) {
			this.lease = lease;
			this.joined = joined;
		}

		void start() {
			try {
				// Outside any map operation: jetcd takes locks of its own, and answers on its own thread.
				this.membership = LeaseRenewals.this.leases.keepAlive(this.lease, this);
			}
			catch (RuntimeException ex) {
				// The client is closed.
				finish(false);
				return;
			}
			if (this.finished.get()) {
				leave();
			}
		}

		@Override
		public void onNext(LeaseKeepAliveResponse response) {
			if (finish(true)) {
				LeaseRenewals.this.renewals.incrementAndGet();
			}
		}

		@Override
		public void onError(Throwable error) {
			// A lease etcd no longer has is gone with its key, and the mirror hears of it: not a failure to renew.
			boolean gone = error instanceof EtcdException etcd && etcd.getErrorCode() == ErrorCode.NOT_FOUND;
			finish(gone);
		}

		@Override
		public void onCompleted() {
			// jetcd's deadline for an answer passed.
			finish(false);
		}

		/** Leaves the stream once; on a failure the next heartbeat asks again. */
		boolean finish(boolean answered) {
			if (!this.finished.compareAndSet(false, true)) {
				return false;
			}
			// Off the stream before another renewal of the lease may join it.
			leave();
			LeaseRenewals.this.pending.remove(this.lease, this);
			if (!answered) {
				LeaseRenewals.this.asked.remove(this.lease);
				LeaseRenewals.this.failures.incrementAndGet();
			}
			return true;
		}

		private void leave() {
			CloseableClient current = this.membership;
			if (current != null) {
				current.close();
			}
		}

	}

}
