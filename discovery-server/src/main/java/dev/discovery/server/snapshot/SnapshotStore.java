package dev.discovery.server.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryReads;
import dev.discovery.server.registry.StoreRecovery;
import dev.discovery.server.store.Journal;

/**
 * Keeps the registry across a restart: loads the last snapshot when the registry starts, before it serves
 * requests, and writes one when it stops gracefully, after it has stopped serving. A restarted registry therefore
 * answers with the instances it knew while they send their next heartbeats, instead of an empty view.
 */
public class SnapshotStore implements Journal, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SnapshotStore.class);

	private static final int FORMAT = 1;

	private final Supplier<RegistryReads> registry;

	private final Path path;

	private final Clock clock;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private volatile boolean running;

	public SnapshotStore(Supplier<RegistryReads> registry, Path path, Clock clock) {
		this.registry = registry;
		this.path = path;
		this.clock = clock;
	}

	@Override
	public Recovered recover() {
		Snapshot snapshot = load();
		if (snapshot == null) {
			return new Recovered(List.of(), StoreRecovery.none("no readable snapshot at " + this.path));
		}
		return new Recovered(snapshot.instances(), new StoreRecovery(true, snapshot.instances().size(), 0,
				snapshot.index(), snapshot.savedAt(), this.path.toString()));
	}

	@Override
	public void reserve(long index) {
	}

	@Override
	public void append(RegistryChange change) {
	}

	@Override
	public void awaitWritten(long index) {
	}

	@Override
	public void awaitSynced(long index) {
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		save();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts before the web server and stops after it, so the registry is loaded before the first request and
	 * saved after the last one.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	/**
	 * Reads the snapshot, if there is one.
	 * @return the snapshot, or {@code null}
	 */
	@Nullable Snapshot load() {
		if (!Files.exists(this.path)) {
			return null;
		}
		try {
			Snapshot snapshot = this.mapper.readValue(this.path.toFile(), Snapshot.class);
			if (snapshot.format() != FORMAT) {
				logger.warn("Ignored registry snapshot " + this.path + ": format " + snapshot.format()
						+ " is not " + FORMAT);
				return null;
			}
			logger.info("Restored " + snapshot.instances().size() + " instances at index " + snapshot.index()
					+ " from " + this.path + " (saved " + snapshot.savedAt() + ")");
			return snapshot;
		}
		catch (JacksonException ex) {
			// A damaged snapshot must not keep the registry down: clients re-register within a heartbeat.
			logger.warn("Ignored unreadable registry snapshot " + this.path + ": " + ex.getOriginalMessage());
			return null;
		}
	}

	/**
	 * Writes the registry to the snapshot file, replacing the previous one atomically.
	 * @return how many instances were saved
	 */
	public int save() {
		RegistryReads reads = this.registry.get();
		long index = reads.index();
		List<RegisteredInstance> instances = reads.allInstances();
		Snapshot snapshot = new Snapshot(FORMAT, index, this.clock.instant(), instances);
		try {
			Path parent = this.path.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			Path temp = Files.createTempFile(parent, ".registry-snapshot", ".tmp");
			this.mapper.writeValue(temp.toFile(), snapshot);
			move(temp);
			logger.info("Saved " + instances.size() + " instances at index " + index + " to " + this.path);
			return instances.size();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not save the registry snapshot to " + this.path, ex);
		}
	}

	private void move(Path temp) throws IOException {
		try {
			Files.move(temp, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, this.path, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * The file format.
	 *
	 * @param format the format version
	 * @param index the registry's change index when saved
	 * @param savedAt when it was saved
	 * @param instances every instance
	 */
	record Snapshot(int format, long index, Instant savedAt, List<RegisteredInstance> instances) {
	}

}
