package dev.discovery.server.snapshot;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.snapshot.SavedState.SnapshotContent;

/**
 * Writes the snapshots of the journal: the baseline at start and the last one on stop, at once, and the compactions
 * on a thread of their own, one at a time, so the journal's writing thread never waits for one.
 */
final class Snapshots {

	private static final Log logger = LogFactory.getLog(FileJournal.class);

	private final SavedState files;

	private final JsonMapper mapper;

	private final Clock clock;

	private final ExecutorService compactor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "registry-journal-compaction");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean compacting;

	Snapshots(SavedState files, JsonMapper mapper, Clock clock) {
		this.files = files;
		this.mapper = mapper;
		this.clock = clock;
	}

	/**
	 * Writes a snapshot now.
	 * @param instances what the store holds
	 * @param index the index of the last change in it
	 * @param reserved the highest index reserved so far
	 * @param next the first segment not in it
	 * @throws IOException if it cannot be written
	 */
	void write(List<RegisteredInstance> instances, long index, long reserved, long next) throws IOException {
		List<@Nullable SavedInstance> saved = new ArrayList<>(instances.size());
		instances.forEach((instance) -> saved.add(SavedInstance.of(instance)));
		this.files.writeSnapshot(
				new SnapshotContent(SavedState.FORMAT, index, reserved, next, this.clock.instant(), saved),
				this.mapper);
	}

	/** Whether a compaction is under way. */
	boolean compacting() {
		return this.compacting;
	}

	/**
	 * Writes a snapshot in the background, then deletes the segments it holds.
	 * @param instances what the store holds
	 * @param index the index of the last change in it
	 * @param reserved the highest index reserved so far
	 * @param next the first segment not in it
	 */
	void compact(List<RegisteredInstance> instances, long index, long reserved, long next) {
		this.compacting = true;
		this.compactor.execute(() -> {
			try {
				write(instances, index, reserved, next);
				this.files.deleteSegmentsBefore(next);
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Could not write a registry snapshot in " + this.files.directory()
						+ "; the journal keeps growing until the next attempt", ex);
			}
			finally {
				this.compacting = false;
			}
		});
	}

	/** Lets a compaction under way finish, for a minute at most. */
	void finish() throws InterruptedException {
		this.compactor.shutdown();
		this.compactor.awaitTermination(60, TimeUnit.SECONDS);
	}

	/** Stops at once, as a crash would. */
	void halt() {
		this.compactor.shutdownNow();
	}

}
