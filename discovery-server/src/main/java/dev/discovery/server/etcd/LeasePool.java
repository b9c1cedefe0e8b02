package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import io.etcd.jetcd.Lease;
import org.jspecify.annotations.Nullable;

/**
 * Instance leases granted ahead of the registrations that take them, so a registration waits for one Raft write (the
 * put) instead of two (the grant, then the put). Each registration that takes a lease asks etcd for a replacement,
 * so the pool follows the demand: it fills during a burst of registrations and costs nothing while there is none
 * (unused leases run out in etcd on their own).
 * <p>
 * A pooled lease is only handed out within the slack of the moment its grant was sent: granted for the TTL plus the
 * slack, it then runs at least a full TTL from the registration, and at most the TTL plus the slack, as a lease
 * granted on the spot does.
 */
final class LeasePool {

	/** Most leases granted ahead per lease TTL. */
	private static final int SIZE = 32;

	private final Lease leases;

	/** Per grant in seconds: the leases granted ahead, the oldest first. */
	private final Map<Long, Pool> pools = new ConcurrentHashMap<>();

	LeasePool(Lease leases) {
		this.leases = leases;
	}

	/**
	 * Takes a lease granted ahead for an instance lease TTL, and asks etcd for its replacement.
	 * @param ttl the instance's lease TTL
	 * @return a lease that runs at least the TTL from now, or {@code null} if none is ready (grant one on the spot)
	 */
	@Nullable Long take(Duration ttl) {
		long seconds = LeaseSlack.grantSeconds(ttl);
		Pool pool = this.pools.computeIfAbsent(seconds, (key) -> new Pool());
		long now = System.nanoTime();
		long slack = LeaseSlack.of(ttl).toNanos();
		Long taken = null;
		for (Granted granted = pool.ready.pollFirst(); granted != null; granted = pool.ready.pollFirst()) {
			if (now - granted.asked() < slack) {
				taken = granted.lease();
				break;
			}
			// Too old to promise a full TTL: etcd lets it run out, as nothing is attached to it.
		}
		refill(pool, seconds);
		return taken;
	}

	/** Leases ready to be taken, over every TTL. */
	int ready() {
		return this.pools.values().stream().mapToInt((pool) -> pool.ready.size()).sum();
	}

	private void refill(Pool pool, long seconds) {
		if (pool.ready.size() + pool.granting.get() >= SIZE) {
			return;
		}
		pool.granting.incrementAndGet();
		long asked = System.nanoTime();
		try {
			this.leases.grant(seconds).whenComplete((response, error) -> {
				pool.granting.decrementAndGet();
				if (error == null) {
					pool.ready.addLast(new Granted(response.getID(), asked));
				}
			});
		}
		catch (RuntimeException ex) {
			// The client is closed: nothing to grant ahead.
			pool.granting.decrementAndGet();
		}
	}

	/** The leases of one grant TTL. */
	private static final class Pool {

		final Deque<Granted> ready = new ConcurrentLinkedDeque<>();

		final AtomicInteger granting = new AtomicInteger();

	}

	/**
	 * A lease granted ahead.
	 *
	 * @param lease its id
	 * @param asked when its grant was sent ({@code System.nanoTime}): it runs out no earlier than its TTL after that
	 */
	private record Granted(long lease, long asked) {
	}

}
