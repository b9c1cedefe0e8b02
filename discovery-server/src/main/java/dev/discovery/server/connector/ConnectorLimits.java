package dev.discovery.server.connector;

import java.util.concurrent.TimeUnit;

import dev.discovery.server.watch.WatcherQuota;

/**
 * The limits the connector's endpoint and valve share: the request deadline, the per-address quotas and the meters.
 */
final class ConnectorLimits {

	private final long requestTimeoutNanos;

	private final long lingerNanos;

	private final WatcherQuota requests;

	private final WatcherQuota connections;

	private final ConnectorMeters meters;

	ConnectorLimits(ConnectorProperties properties, ConnectorMeters meters) {
		this.requestTimeoutNanos = Math.max(1, properties.getRequestTimeout().toNanos());
		this.lingerNanos = Math.max(0, properties.getLingerTimeout().toNanos());
		this.requests = new WatcherQuota(properties.getMaxRequestsPerAddress());
		this.connections = new WatcherQuota(properties.getMaxConnectionsPerAddress());
		this.meters = meters;
	}

	/**
	 * How long a request that started at {@code startNanos} has left to arrive.
	 * @param startNanos when its first byte arrived ({@link System#nanoTime()})
	 * @return milliseconds left, at most {@code Integer.MAX_VALUE}; zero or less when it is late
	 */
	long millisLeft(long startNanos) {
		long left = startNanos + this.requestTimeoutNanos - System.nanoTime();
		return (left <= 0) ? 0 : Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
	}

	long lingerNanos() {
		return this.lingerNanos;
	}

	WatcherQuota requests() {
		return this.requests;
	}

	WatcherQuota connections() {
		return this.connections;
	}

	ConnectorMeters meters() {
		return this.meters;
	}

}
