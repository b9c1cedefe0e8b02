package dev.discovery.server.snapshot;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.StoreUnavailableException;
import dev.discovery.server.store.Journal;

/**
 * The memory store's journal on disk: an append-only log of every change, with a snapshot written whenever the log
 * has grown past {@code compact-after} and on graceful stop.
 * <p>
 * One thread writes: it takes the changes the store appends, writes them in order (one write for all that queued up
 * meanwhile), and flushes them to disk (fsync) at least every {@code flush-interval}, or at once when a writer waits
 * for it. A write is acknowledged once the operating system has it, so {@code kill -9} of the registry loses no
 * acknowledged change; a deregistration is acknowledged only once it is on disk, so a crash of the machine cannot
 * bring back an instance that was told it is gone. Indexes are reserved on disk in ranges ahead of use, so the index
 * never goes backwards, even when a crash loses the end of the log.
 * <p>
 * This class is the store's side; {@link SavedStateRecovery} reads the files back, {@link JournalWriter} is the
 * writing thread, {@link JournalProgress} what the store waits on.
 */
public class FileJournal implements Journal, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(FileJournal.class);

	/** Indexes reserved at a time; a crash makes the index jump by at most this much. */
	static final long RESERVATION = 10_000;

	private final SavedState files;

	private final SavedStateRecovery recovery;

	private final Snapshots snapshots;

	private final SegmentFile segment;

	private final JournalProgress progress;

	private final JournalWriter writer;

	private final Object gate = new Object();

	/** The number of the last segment on disk; the journal goes on in the next. */
	private long lastSegment;

	/** The store's side, under its write lock. */
	private long reservedRequested;

	private long highestReserved;

	/**
	 * Opens the saved state, failing at once if its directory cannot be written or is in use.
	 * @param settings the snapshot settings
	 * @param validator checks saved instances as the API checks registrations
	 * @param clock stamps snapshots
	 */
	public FileJournal(SnapshotProperties settings, RegistrationValidator validator, Clock clock) {
		// Missing numbers read as 0 and are judged by the reader, rather than failing the whole file.
		JsonMapper mapper = JsonMapper.builder()
			.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
		JournalLines lines = new JournalLines(mapper);
		this.files = SavedState.open(settings.getPath());
		this.recovery = new SavedStateRecovery(this.files, mapper, validator, settings, clock);
		this.snapshots = new Snapshots(this.files, mapper, clock);
		this.segment = new SegmentFile(this.files, lines);
		this.progress = new JournalProgress(settings);
		this.writer = new JournalWriter(this.files, settings, lines, this.progress, this.segment, this.snapshots);
	}

	@Override
	public Recovered recover() {
		SavedStateRecovery.Result result = this.recovery.recover();
		this.lastSegment = result.lastSegment();
		return result.recovered();
	}

	@Override
	public void open(List<RegisteredInstance> held, long index) {
		long next = this.lastSegment + 1;
		this.progress.start(index);
		this.reservedRequested = index;
		this.highestReserved = index;
		WriteRecovery.Baseline baseline = () -> writeBaseline(held, index, next);
		try {
			baseline.write();
			this.writer.start(held, index, null);
		}
		catch (IOException ex) {
			// The files on disk still hold everything restored, and nothing can change until the baseline is
			// written: serve it read-only (writes answer 503) and retry, rather than crash-loop on a full disk.
			logger.error("Cannot write the registry's baseline snapshot in " + this.files.directory() + " (" + ex
					+ "): serving the " + held.size() + " instances restored read-only, writes answer 503 until it "
					+ "can be written (retried every second; free space there)");
			this.progress.failure(ex);
			this.writer.start(held, index, baseline);
		}
	}

	/**
	 * A baseline of exactly what the store holds, then a fresh segment: refused entries and torn lines are gone from
	 * disk, and the first change after a start never lands in a file a crash has damaged.
	 */
	private void writeBaseline(List<RegisteredInstance> held, long index, long next) throws IOException {
		this.files.deleteStaleTemporaryFiles();
		this.snapshots.write(held, index, index, next);
		if (this.segment.sequence() != next) {
			this.segment.start(next);
		}
		this.files.deleteSegmentsBefore(next);
	}

	@Override
	public void reserve(long index) {
		synchronized (this.gate) {
			if (this.writer.closing()) {
				throw new StoreUnavailableException("The registry is shutting down; retry at another registry");
			}
			this.progress.checkWritable();
			this.highestReserved = Math.max(this.highestReserved, index);
		}
		if (index + RESERVATION / 2 > this.reservedRequested) {
			this.reservedRequested = index + RESERVATION;
			this.writer.reserve(this.reservedRequested);
		}
		if (index > this.progress.reservedDurable()) {
			this.progress.await(() -> this.progress.reservedDurable() >= index, "reserve index " + index,
					this.writer::stopped);
		}
	}

	@Override
	public void append(RegistryChange change) {
		this.writer.append(change);
	}

	@Override
	public void awaitWritten(long index) {
		if (this.progress.written() < index) {
			this.progress.await(() -> this.progress.written() >= index, "write change " + index, this.writer::stopped);
		}
	}

	@Override
	public void awaitSynced(long index) {
		if (this.progress.synced() < index) {
			this.writer.syncUpTo(index);
			this.progress.await(() -> this.progress.synced() >= index, "flush change " + index + " to disk",
					this.writer::stopped);
		}
	}

	/** How far the journal has got, for metrics. */
	long written() {
		return this.progress.written();
	}

	long synced() {
		return this.progress.synced();
	}

	boolean failing() {
		return this.progress.failure() != null;
	}

	/** Why the journal cannot be written, {@code null} while it can. */
	@Nullable Throwable failure() {
		return this.progress.failure();
	}

	@Override
	public void start() {
	}

	/** Stops after the web server and the lease expirer: nothing writes any more. */
	@Override
	public int getPhase() {
		return 0;
	}

	@Override
	public boolean isRunning() {
		return this.writer.running();
	}

	/**
	 * Writes what is queued, flushes it, and writes a snapshot so the next start reads one file.
	 */
	@Override
	public void stop() {
		if (!this.writer.running()) {
			return;
		}
		long reserved;
		synchronized (this.gate) {
			this.writer.close();
			reserved = this.highestReserved;
		}
		try {
			this.writer.stop(reserved);
		}
		finally {
			this.files.close();
		}
	}

	/** Saves and closes if the context closes without stopping its lifecycle (a failed start). */
	@Override
	public void destroy() {
		stop();
	}

	/** Stops writing at once, as a crash would, leaving the files as they are. For tests of recovery. */
	void halt() {
		this.writer.halt();
		this.files.close();
	}

}
