package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How much longer than an instance's TTL its etcd lease is granted for: the slack within which a heartbeat's renewal
 * may be sent ({@link LeaseRenewals}) and a lease granted ahead may still be handed out ({@link LeasePool}).
 */
final class LeaseSlack {

	private static final long MIN_SLACK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private LeaseSlack() {
	}

	/**
	 * The slack of a lease TTL: how much longer than the TTL etcd's lease is granted for, and so how long a renewal
	 * may be put off.
	 * @param ttl the instance's lease TTL
	 * @return a third of it, at least a second
	 */
	static Duration of(Duration ttl) {
		return Duration.ofNanos(nanos(ttl));
	}

	/** {@link #of} in nanoseconds. */
	static long nanos(Duration ttl) {
		return Math.max(ttl.toNanos() / 3, MIN_SLACK_NANOS);
	}

	/**
	 * The TTL to grant etcd's lease for, in whole seconds as etcd takes it.
	 * @param ttl the instance's lease TTL
	 * @return the TTL plus the slack, rounded up
	 */
	static long grantSeconds(Duration ttl) {
		return (ttl.plus(of(ttl)).toMillis() + 999) / 1000;
	}

}
