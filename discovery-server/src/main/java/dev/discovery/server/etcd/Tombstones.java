package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Lease;

/**
 * The short-lived lease that {@code removed/} keys are written on. They only have to live until every replica's
 * watch has seen them (they arrive in the same watch response as the delete they explain), so they share one lease
 * that is replaced every {@link #ROTATE} and runs out a minute after it was granted: etcd removes them by itself.
 */
final class Tombstones {

	static final Duration TTL = Duration.ofSeconds(60);

	static final Duration ROTATE = Duration.ofSeconds(30);

	private final Lease leases;

	private long lease;

	private long grantedAt;

	Tombstones(Lease leases) {
		this.leases = leases;
	}

	/**
	 * The lease to write a tombstone on now.
	 * @param timeout the longest a grant may take
	 * @return the lease id
	 * @throws Exception if etcd cannot grant one
	 */
	synchronized long lease(Duration timeout) throws Exception {
		long now = System.nanoTime();
		if (this.lease == 0 || now - this.grantedAt > ROTATE.toNanos()) {
			this.lease = this.leases.grant(TTL.toSeconds()).get(timeout.toMillis(), TimeUnit.MILLISECONDS).getID();
			this.grantedAt = now;
		}
		return this.lease;
	}

}
