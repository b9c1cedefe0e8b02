package dev.discovery.server.snapshot;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.snapshot.JournalQueue.Batch;
import dev.discovery.server.snapshot.WriteRecovery.Baseline;

/**
 * The journal's writing thread: it takes what the store queues, writes it in order (one write for all that queued
 * up meanwhile), flushes it to disk at least every {@code flush-interval} or at once when asked, compacts when the
 * segment has grown past {@code compact-after}, and after a failure retries every second.
 */
final class JournalWriter {

	private static final Log logger = LogFactory.getLog(FileJournal.class);

	private final SavedState files;

	private final SnapshotProperties settings;

	private final JournalProgress progress;

	private final SegmentFile segment;

	private final Snapshots snapshots;

	private final JournalQueue queue;

	private final WriteRecovery recovery;

	private final AtomicLong syncWanted = new AtomicLong();

	private volatile boolean closing;

	private volatile @Nullable Thread thread;

	/** The writing thread's side. */
	private final WrittenRegistry journaled = new WrittenRegistry();

	private boolean reservationUnsynced;

	private @Nullable Batch pending;

	JournalWriter(SavedState files, SnapshotProperties settings, JournalLines lines, JournalProgress progress,
			SegmentFile segment, Snapshots snapshots) {
		this.files = files;
		this.settings = settings;
		this.queue = new JournalQueue(lines);
		this.progress = progress;
		this.segment = segment;
		this.snapshots = snapshots;
		this.recovery = new WriteRecovery(files, progress, segment);
	}

	/**
	 * Starts writing after what the store holds.
	 * @param held the store's instances, as the baseline snapshot has them
	 * @param index the store's index
	 * @param baseline the baseline snapshot to write first (retried while it fails), {@code null} when written
	 */
	void start(List<RegisteredInstance> held, long index, @Nullable Baseline baseline) {
		this.recovery.baseline(baseline);
		this.journaled.load(held, index);
		Thread writer = new Thread(this::run, "registry-journal");
		writer.setDaemon(true);
		this.thread = writer;
		writer.start();
	}

	/** Queues a change to write. */
	void append(RegistryChange change) {
		this.queue.add(change);
		wake();
	}

	/** Queues a reservation of the indexes up to this one. */
	void reserve(long upTo) {
		this.queue.reserve(upTo);
		wake();
	}

	/** Asks for a flush to disk up to this index at once. */
	void syncUpTo(long index) {
		this.syncWanted.accumulateAndGet(index, Math::max);
		wake();
	}

	boolean running() {
		return this.thread != null;
	}

	boolean closing() {
		return this.closing;
	}

	/** Whether the thread is gone for good: nothing will be written any more. */
	boolean stopped() {
		return this.closing && this.thread == null;
	}

	/** Takes nothing new from now on; {@link #stop} then writes what is queued. */
	void close() {
		this.closing = true;
	}

	private void wake() {
		Thread writer = this.thread;
		if (writer != null) {
			LockSupport.unpark(writer);
		}
	}

	private void run() {
		long flushNanos = Math.max(1, this.settings.getFlushInterval().toNanos());
		long lastSync = System.nanoTime();
		while (true) {
			try {
				if (this.recovery.failing() && !retry()) {
					if (this.closing) {
						return;
					}
					continue;
				}
				boolean wrote = writeQueued();
				long now = System.nanoTime();
				boolean unsynced = this.progress.written() > this.progress.synced() || this.reservationUnsynced;
				if (unsynced && (this.closing || this.reservationUnsynced
						|| this.syncWanted.get() > this.progress.synced() || now - lastSync >= flushNanos)) {
					sync();
					lastSync = System.nanoTime();
					continue;
				}
				if (this.closing && this.queue.isEmpty() && !unsynced) {
					return;
				}
				compactIfDue();
				if (!wrote) {
					LockSupport.parkNanos(this, unsynced ? Math.max(100_000, flushNanos - (now - lastSync)) : flushNanos);
				}
			}
			catch (IOException | RuntimeException | Error ex) {
				// An Error (an OutOfMemoryError while encoding a batch, say) is a failed write like any other: the
				// thread must live on to retry it, or every later write would wait for a journal that is gone.
				this.recovery.failed(ex);
			}
		}
	}

	private boolean writeQueued() throws IOException {
		Batch batch = this.queue.take();
		if (batch == null) {
			return false;
		}
		this.pending = batch;
		write(batch);
		return true;
	}

	private void write(Batch batch) throws IOException {
		this.segment.write(batch.bytes());
		this.pending = null;
		this.journaled.written(batch);
		if (batch.reservation() > 0) {
			this.reservationUnsynced = true;
		}
		if (!batch.changes().isEmpty()) {
			this.progress.written(batch.changes().get(batch.changes().size() - 1).index());
		}
		this.progress.signal();
	}

	private void sync() throws IOException {
		long upTo = this.progress.written();
		long reserved = this.journaled.reserved();
		this.segment.force();
		this.progress.synced(upTo, reserved);
		this.reservationUnsynced = reserved != this.journaled.reserved();
		this.progress.signal();
	}

	/** After a failure: puts back what was written of the failed batch and writes it again. */
	private boolean retry() {
		LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
		return this.recovery.retry(() -> {
			if (this.pending != null) {
				write(this.pending);
			}
		});
	}

	private void compactIfDue() throws IOException {
		if (this.segment.bytes() < this.settings.getCompactAfter().toBytes() || this.snapshots.compacting()) {
			return;
		}
		sync();
		this.segment.roll();
		long index = this.progress.written();
		this.snapshots.compact(this.journaled.instances(), index, Math.max(this.journaled.reserved(), index),
				this.segment.sequence());
	}

	/**
	 * Stops the thread once it has written and flushed what is queued, then writes a snapshot so the next start
	 * reads one file.
	 * @param reserved the highest index the store reserved
	 */
	void stop(long reserved) {
		Thread writer = this.thread;
		if (writer == null) {
			return;
		}
		LockSupport.unpark(writer);
		try {
			writer.join(TimeUnit.SECONDS.toMillis(30));
			this.snapshots.finish();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread = null;
		this.progress.signal();
		try {
			if (this.progress.failure() == null && !writer.isAlive()) {
				saveOnStop(reserved);
			}
			else {
				logger.error("Stopped with a journal that could not be written: changes after index "
						+ this.progress.written() + " are lost");
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Could not write the registry snapshot on stop; the journal in " + this.files.directory()
					+ " still holds every change written", ex);
		}
	}

	private void saveOnStop(long reserved) throws IOException {
		writeQueued();
		long next = this.segment.sequence() + 1;
		long written = this.progress.written();
		this.segment.force();
		this.snapshots.write(this.journaled.instances(), written, Math.max(written, reserved), next);
		this.segment.close();
		this.files.deleteSegmentsBefore(next);
		logger.info("Saved " + this.journaled.size() + " instances at index " + written + " to " + this.files.snapshot());
	}

	/** Stops writing at once, as a crash would, leaving the files as they are. */
	void halt() {
		Thread writer = this.thread;
		this.closing = true;
		this.thread = null;
		if (writer != null) {
			writer.interrupt();
			LockSupport.unpark(writer);
			try {
				writer.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.snapshots.halt();
		this.segment.abandon();
	}

}
