package dev.discovery.server.snapshot;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The registry's saved state, under {@code discovery.server.snapshot}: a snapshot file and, next to it, a journal of
 * every change since, so a restart, even after {@code kill -9}, continues where the registry was.
 */
@ConfigurationProperties("discovery.server.snapshot")
public class SnapshotProperties {

	/** Whether to keep the registry on disk (snapshot and journal); off, it lives in memory only. */
	private boolean enabled = true;

	/** The snapshot file; the journal and a lock file live next to it, in the same directory. */
	private Path path = Path.of("data", "registry-snapshot.json");

	/** Longest time a change written to the journal may wait before it is flushed to disk (fsync). */
	private Duration flushInterval = Duration.ofMillis(100);

	/** Longest time a write waits for the journal before it answers 503. */
	private Duration writeTimeout = Duration.ofSeconds(5);

	/** Journal size after which a new snapshot is written and the journal starts over. */
	private DataSize compactAfter = DataSize.ofMegabytes(64);

	/** What to do when the saved state cannot be read: refuse to start, or set it aside and start empty. */
	private OnUnreadable onUnreadable = OnUnreadable.FAIL;

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

	public Duration getFlushInterval() {
		return this.flushInterval;
	}

	public void setFlushInterval(Duration flushInterval) {
		this.flushInterval = flushInterval;
	}

	public Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	public void setWriteTimeout(Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
	}

	public DataSize getCompactAfter() {
		return this.compactAfter;
	}

	public void setCompactAfter(DataSize compactAfter) {
		this.compactAfter = compactAfter;
	}

	public OnUnreadable getOnUnreadable() {
		return this.onUnreadable;
	}

	public void setOnUnreadable(OnUnreadable onUnreadable) {
		this.onUnreadable = onUnreadable;
	}

	/**
	 * What to do with saved state that cannot be read.
	 */
	public enum OnUnreadable {

		/** Refuse to start, naming the file; nothing is changed on disk. */
		FAIL,

		/** Rename the unreadable files to {@code *.unreadable-<time>} and start with an empty registry. */
		START_EMPTY

	}

}
