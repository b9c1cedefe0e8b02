package dev.discovery.server.watch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open streams (watch streams, xDS streams) per client address, so one client cannot hold all of the
 * registry's connections.
 */
public final class WatcherQuota {

	private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

	private final int perAddress;

	/**
	 * Creates a quota.
	 * @param perAddress most streams one address may hold; 0 for no limit
	 */
	public WatcherQuota(int perAddress) {
		this.perAddress = perAddress;
	}

	public int perAddress() {
		return this.perAddress;
	}

	/**
	 * Takes one stream for an address.
	 * @param address the client's address
	 * @return {@code false} if the address already holds as many as it may
	 */
	public boolean acquire(String address) {
		if (this.perAddress <= 0) {
			return true;
		}
		AtomicInteger count = this.open.computeIfAbsent(address, (key) -> new AtomicInteger());
		if (count.incrementAndGet() > this.perAddress) {
			release(address);
			return false;
		}
		return true;
	}

	/**
	 * Gives back a stream taken by {@link #acquire}.
	 * @param address the client's address
	 */
	public void release(String address) {
		if (this.perAddress <= 0) {
			return;
		}
		this.open.computeIfPresent(address, (key, count) -> (count.decrementAndGet() <= 0) ? null : count);
	}

}
