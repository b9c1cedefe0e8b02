package dev.discovery.server.snapshot;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.StoreUnavailableException;

/**
 * How far the journal has got (written, flushed, reserved on disk) and whether it is failing, with the waits of
 * the store's writers on it: bounded by {@code write-timeout}, ended early by a failure.
 */
final class JournalProgress {

	private final Object monitor = new Object();

	private final SnapshotProperties settings;

	private volatile long written;

	private volatile long synced;

	private volatile long reservedDurable;

	private volatile @Nullable Throwable failure;

	JournalProgress(SnapshotProperties settings) {
		this.settings = settings;
	}

	/** Starts from the index the store opened the journal at. */
	void start(long index) {
		this.written = index;
		this.synced = index;
		this.reservedDurable = index;
	}

	/** The index of the last change written (safe from a crash of the registry). */
	long written() {
		return this.written;
	}

	void written(long index) {
		this.written = index;
	}

	/** The index of the last change flushed to disk (safe from a crash of the machine). */
	long synced() {
		return this.synced;
	}

	/** Both flushed to disk at once. */
	void synced(long index, long reserved) {
		this.synced = index;
		this.reservedDurable = reserved;
	}

	/** The highest index reserved on disk. */
	long reservedDurable() {
		return this.reservedDurable;
	}

	/** Why the journal cannot be written, {@code null} while it can. */
	@Nullable Throwable failure() {
		return this.failure;
	}

	void failure(@Nullable Throwable failure) {
		this.failure = failure;
	}

	/** Throws if the journal cannot be written. */
	void checkWritable() {
		Throwable failed = this.failure;
		if (failed != null) {
			throw new StoreUnavailableException("The registry cannot write its journal: " + failed, failed);
		}
	}

	/**
	 * Waits until the journal has got far enough.
	 * @param done whether it has
	 * @param what what it has to do, for the message
	 * @param stopped whether the writing thread is gone for good
	 * @throws StoreUnavailableException if it fails, stops or takes longer than the write timeout
	 */
	void await(BooleanSupplier done, String what, BooleanSupplier stopped) {
		long deadline = System.nanoTime() + this.settings.getWriteTimeout().toNanos();
		synchronized (this.monitor) {
			while (!done.getAsBoolean()) {
				checkWritable();
				long left = deadline - System.nanoTime();
				if (left <= 0 || stopped.getAsBoolean()) {
					throw new StoreUnavailableException("The registry's journal did not " + what + " within "
							+ this.settings.getWriteTimeout().toMillis() + "ms");
				}
				try {
					this.monitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new StoreUnavailableException("Interrupted while waiting for the journal", ex);
				}
			}
		}
	}

	/** Wakes the waits to look again. */
	void signal() {
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

}
