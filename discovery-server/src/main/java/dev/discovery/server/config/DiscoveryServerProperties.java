package dev.discovery.server.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the registry server, under {@code discovery.server}.
 */
@ConfigurationProperties("discovery.server")
public class DiscoveryServerProperties {

	private final Lease lease = new Lease();

	private final LimitsProperties limits = new LimitsProperties();

	private final Snapshot snapshot = new Snapshot();

	private final Watch watch = new Watch();

	public Lease getLease() {
		return this.lease;
	}

	public LimitsProperties getLimits() {
		return this.limits;
	}

	public Snapshot getSnapshot() {
		return this.snapshot;
	}

	public Watch getWatch() {
		return this.watch;
	}

	/**
	 * Instance leases.
	 */
	public static class Lease {

		/** Lease TTL of a registration that does not ask for one. */
		private Duration defaultTtl = Duration.ofSeconds(15);

		/** Shortest lease TTL granted; shorter requests are raised to it. */
		private Duration minTtl = Duration.ofSeconds(5);

		/** Longest lease TTL granted; longer requests are lowered to it. */
		private Duration maxTtl = Duration.ofMinutes(5);

		/** How often expired leases are looked for. */
		private Duration evictionInterval = Duration.ofSeconds(1);

		public Duration getDefaultTtl() {
			return this.defaultTtl;
		}

		public void setDefaultTtl(Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
		}

		public Duration getMinTtl() {
			return this.minTtl;
		}

		public void setMinTtl(Duration minTtl) {
			this.minTtl = minTtl;
		}

		public Duration getMaxTtl() {
			return this.maxTtl;
		}

		public void setMaxTtl(Duration maxTtl) {
			this.maxTtl = maxTtl;
		}

		public Duration getEvictionInterval() {
			return this.evictionInterval;
		}

		public void setEvictionInterval(Duration evictionInterval) {
			this.evictionInterval = evictionInterval;
		}

	}


	/**
	 * The snapshot written on graceful stop and read on start.
	 */
	public static class Snapshot {

		/** Whether to write a snapshot on stop and restore it on start. */
		private boolean enabled = true;

		/** Where the snapshot file lives. */
		private Path path = Path.of("data", "registry-snapshot.json");

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getPath() {
			return this.path;
		}

		public void setPath(Path path) {
			this.path = path;
		}

	}

	/**
	 * The push API: blocking queries and the Server-Sent Events watch stream.
	 */
	public static class Watch {

		/** How often an idle watch stream gets a heartbeat comment, so dead connections are noticed. */
		private Duration heartbeatInterval = Duration.ofSeconds(10);

		/** How long a watch stream may hold undelivered events before it is closed as stalled. */
		private Duration stallTimeout = Duration.ofSeconds(30);

		/** Most events a watch stream may have waiting for a slow reader; beyond it the watcher must resync. */
		private int maxPendingEvents = 1000;

		/** How many recent changes are kept so a reconnecting watcher gets only what it missed. */
		private int historySize = 4096;

		/** How long a blocking query waits when it gives an index but no wait. */
		private Duration defaultWait = Duration.ofSeconds(30);

		/** Most watch streams one client address may hold open; 0 for no limit. */
		private int maxWatchersPerAddress = 256;

		/** Longest wait a blocking query may ask for; longer waits are lowered to it. */
		private Duration maxWait = Duration.ofMinutes(5);

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Duration getStallTimeout() {
			return this.stallTimeout;
		}

		public void setStallTimeout(Duration stallTimeout) {
			this.stallTimeout = stallTimeout;
		}

		public int getMaxPendingEvents() {
			return this.maxPendingEvents;
		}

		public void setMaxPendingEvents(int maxPendingEvents) {
			this.maxPendingEvents = maxPendingEvents;
		}

		public int getHistorySize() {
			return this.historySize;
		}

		public void setHistorySize(int historySize) {
			this.historySize = historySize;
		}

		public int getMaxWatchersPerAddress() {
			return this.maxWatchersPerAddress;
		}

		public void setMaxWatchersPerAddress(int maxWatchersPerAddress) {
			this.maxWatchersPerAddress = maxWatchersPerAddress;
		}

		public Duration getDefaultWait() {
			return this.defaultWait;
		}

		public void setDefaultWait(Duration defaultWait) {
			this.defaultWait = defaultWait;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

}
