package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
 * stream per renewal ({@code keepAliveOnce}) cost the client and etcd a stream set-up per heartbeat. The stream goes to
 * etcd's leader ({@link LeaderLeases}); when the leader moves, renewals still waiting on the old stream join the new
 * one.
 * <p>
 * jetcd writes a lease again on every tick until etcd answers, and etcd answers one stream's keep-alives one after the
 * other. So at most {@value #WINDOW} leases are on the stream at once, few enough for etcd to answer before the next
 * tick; the others wait their turn, the one that may wait least first. A burst of renewals (after a registration burst, or when a replica
 * starts) is spread over a few ticks instead of being written again each tick while etcd works through the backlog,
 * which had tripled the keep-alives etcd handled. No renewal waits more than a quarter of its slack: then it joins the
 * stream whatever is on it, so the promise holds.
 */
final class LeaseRenewals {

	/** Most leases on the keep-alive stream at once: written per tick, about twice as many renewals per second. */
	static final int WINDOW = 1024;

	/** The lease client of the moment: etcd's leader's when it is known ({@link LeaderLeases}). */
	private final Supplier<Lease> leases;

	/** When each lease was last asked to be renewed ({@code System.nanoTime}). */
	private final Map<Long, Long> asked = new ConcurrentHashMap<>();

	/** Renewals asked for that etcd has not answered yet, on the stream or waiting for room on it. */
	private final Map<Long, Renewal> pending = new ConcurrentHashMap<>();

	/** Renewals waiting for room on the stream, the one that may wait least first; guarded by itself. */
	private final Queue<Renewal> waiting = new PriorityQueue<>((a, b) -> Long.signum(a.deadline - b.deadline));

	/** Renewals on the stream; guarded by {@link #waiting}. */
	private int onStream;

	private final AtomicLong renewals = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	LeaseRenewals(Supplier<Lease> leases) {
		this.leases = leases;
	}

	LeaseRenewals(Lease leases) {
		this(() -> leases);
	}

	/**
	 * Notes a heartbeat; renews the lease unless that was asked for within the slack.
	 * @param lease the instance's etcd lease
	 * @param ttl the instance's lease TTL
	 */
	void heartbeat(long lease, Duration ttl) {
		long now = System.nanoTime();
		long slack = LeaseSlack.nanos(ttl);
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
			send(lease, slack / 4);
		}
	}

	/**
	 * Renews a lease now, whatever was asked before (protection mode holding an instance, a replica starting).
	 * @param lease the lease
	 * @param ttl the instance's lease TTL
	 */
	void renewNow(long lease, Duration ttl) {
		this.asked.put(lease, System.nanoTime());
		send(lease, LeaseSlack.nanos(ttl) / 4);
	}

	/**
	 * Queues a renewal, unless the lease waits for one already (its renewal, when sent, renews it from then on).
	 * @param lease the lease
	 * @param longestWait the longest it may wait for room on the stream, in nanoseconds
	 */
	private void send(long lease, long longestWait) {
		Renewal renewal = new Renewal(lease, System.nanoTime() + longestWait);
		if (this.pending.putIfAbsent(lease, renewal) == null) {
			synchronized (this.waiting) {
				this.waiting.add(renewal);
			}
			launch();
		}
	}

	/**
	 * Puts waiting renewals on the stream, the one that may wait least first: while there is room, and any that waited
	 * as long as it may. Outside the lock: jetcd takes locks of its own, and answers on its own thread.
	 */
	private void launch() {
		List<Renewal> launched = new ArrayList<>();
		long now = System.nanoTime();
		synchronized (this.waiting) {
			for (Renewal next = this.waiting.peek(); next != null
					&& (this.onStream < WINDOW || now - next.deadline >= 0); next = this.waiting.peek()) {
				this.waiting.remove();
				next.launched = true;
				this.onStream++;
				launched.add(next);
			}
		}
		launched.forEach(Renewal::start);
	}

	/**
	 * Gives up on renewals etcd has not answered within the timeout, so the next heartbeat asks again, and puts any
	 * renewal on the stream that waited for room as long as it may (also when no heartbeat or answer came meanwhile).
	 * @param timeout how long an answer may take
	 */
	void abandonUnanswered(Duration timeout) {
		launch();
		long now = System.nanoTime();
		for (Renewal renewal : this.pending.values()) {
			long sent = renewal.sent;
			if (sent != 0 && now - sent >= timeout.toNanos()) {
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

	/** How many renewals wait for etcd's answer, on the stream or for room on it. */
	int pending() {
		return this.pending.size();
	}

	/** How many renewals wait for room on the stream. */
	int waiting() {
		synchronized (this.waiting) {
			return this.waiting.size();
		}
	}

	/** One lease's renewal: its wait for room on the stream, then its stay on it until etcd's first answer. */
	private final class Renewal implements StreamObserver<LeaseKeepAliveResponse> {

		private final long lease;

		/** Until when it may wait for room on the stream ({@code System.nanoTime}). */
		private final long deadline;

		private final AtomicBoolean finished = new AtomicBoolean();

		/** Taken off the waiting line; guarded by {@link LeaseRenewals#waiting}. */
		private boolean launched;

		/** When it joined the stream ({@code System.nanoTime}), 0 before. */
		private volatile long sent;

		/** The lease client whose stream it joined. */
		private volatile @Nullable Lease client;

		private volatile @Nullable CloseableClient membership;

		Renewal(long lease, long deadline) {
			this.lease = lease;
			this.deadline = deadline;
		}

		void start() {
			Lease current = LeaseRenewals.this.leases.get();
			this.client = current;
			this.sent = Math.max(System.nanoTime(), 1);
			try {
				this.membership = current.keepAlive(this.lease, this);
			}
			catch (RuntimeException ex) {
				// The client is closed: the store's, or a leader's that another one replaced meanwhile.
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

		/**
		 * Leaves the stream (or the waiting line) once; on a failure the next heartbeat asks again, unless the stream
		 * was one the leader's replaced: then the renewal is sent again at once.
		 */
		boolean finish(boolean answered) {
			if (!this.finished.compareAndSet(false, true)) {
				return false;
			}
			// Off the stream before another renewal of the lease may join it.
			leave();
			LeaseRenewals.this.pending.remove(this.lease, this);
			synchronized (LeaseRenewals.this.waiting) {
				if (this.launched) {
					LeaseRenewals.this.onStream--;
				}
				else {
					LeaseRenewals.this.waiting.remove(this);
				}
			}
			if (!answered && this.client != null && this.client != LeaseRenewals.this.leases.get()
					&& LeaseRenewals.this.asked.containsKey(this.lease)) {
				send(this.lease, 0);
			}
			else if (!answered) {
				LeaseRenewals.this.asked.remove(this.lease);
				LeaseRenewals.this.failures.incrementAndGet();
			}
			// Room for the next waiting renewal.
			launch();
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
