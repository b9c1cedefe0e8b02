package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.Lease;

/**
 * Renews instance leases in etcd on behalf of heartbeats, at most once per slack per lease. A heartbeat never waits
 * for etcd: the lease was granted for the TTL plus the slack, so a renewal sent within the slack of a heartbeat keeps
 * the promise the heartbeat's answer makes ({@code leaseExpiresAt}), and etcd sees at most one keep-alive per
 * instance per slack however often instances heartbeat. Keep-alives are answered by etcd's leader from memory: no
 * Raft write.
 */
final class LeaseRenewals {

	private final Lease leases;

	/** When each lease was last sent for renewal ({@code System.nanoTime}). */
	private final Map<Long, Long> sent = new ConcurrentHashMap<>();

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
		Duration third = ttl.dividedBy(3);
		return (third.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : third;
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
	 * Notes a heartbeat; sends a keep-alive unless one was sent within the slack.
	 * @param lease the instance's etcd lease
	 * @param ttl the instance's lease TTL
	 */
	void heartbeat(long lease, Duration ttl) {
		long now = System.nanoTime();
		long slack = slack(ttl).toNanos();
		boolean[] due = new boolean[1];
		this.sent.compute(lease, (id, last) -> {
			due[0] = last == null || now - last >= slack;
			return due[0] ? now : last;
		});
		if (due[0]) {
			send(lease);
		}
	}

	/**
	 * Renews a lease now, whatever was sent before (protection mode holding an instance).
	 * @param lease the lease
	 */
	void renewNow(long lease) {
		this.sent.put(lease, System.nanoTime());
		send(lease);
	}

	private void send(long lease) {
		this.leases.keepAliveOnce(lease).whenComplete((response, error) -> {
			if (error != null || response.getTTL() <= 0) {
				// Gone (the key goes with it and the mirror hears of it), or not sent: the next heartbeat tries again.
				this.sent.remove(lease);
				if (error != null) {
					this.failures.incrementAndGet();
				}
			}
			else {
				this.renewals.incrementAndGet();
			}
		});
	}

	/** The instance is gone: forget its lease. */
	void forget(long lease) {
		this.sent.remove(lease);
	}

	long renewals() {
		return this.renewals.get();
	}

	long failures() {
		return this.failures.get();
	}

}
