package dev.discovery.server.snapshot;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The snapshot written on graceful stop and read on start, under {@code discovery.server.snapshot}.
 */
@ConfigurationProperties("discovery.server.snapshot")
public class SnapshotProperties {

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
