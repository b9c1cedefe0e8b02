package dev.discovery.server.watch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The push API, under {@code discovery.server.watch}: blocking queries and the Server-Sent Events watch stream.
 */
@ConfigurationProperties("discovery.server.watch")
public class WatchProperties {

	/** How often an idle watch stream gets a heartbeat comment, so dead connections are noticed. */
	private Duration heartbeatInterval = Duration.ofSeconds(10);

	/** How long a watch stream may hold undelivered events before it is closed as stalled. */
	private Duration stallTimeout = Duration.ofSeconds(30);

	/** Most events a watch stream may have waiting for a slow reader; beyond it the watcher must resync. */
	private int maxPendingEvents = 1000;

	/**
	 * Most bytes of changes a watch stream may have waiting for a slow reader; beyond it the watcher must resync.
	 * Its snapshot is not counted here (it is shared), only in the total.
	 */
	private DataSize maxQueuedBytesPerStream = DataSize.ofMegabytes(1);

	/**
	 * Most bytes all watch streams together may have waiting, each shared snapshot or change counted once; beyond
	 * it the longest-stalled streams are closed.
	 */
	private DataSize maxQueuedBytes = DataSize.ofMegabytes(64);

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

	public DataSize getMaxQueuedBytesPerStream() {
		return this.maxQueuedBytesPerStream;
	}

	public void setMaxQueuedBytesPerStream(DataSize maxQueuedBytesPerStream) {
		this.maxQueuedBytesPerStream = maxQueuedBytesPerStream;
	}

	public DataSize getMaxQueuedBytes() {
		return this.maxQueuedBytes;
	}

	public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
		this.maxQueuedBytes = maxQueuedBytes;
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
