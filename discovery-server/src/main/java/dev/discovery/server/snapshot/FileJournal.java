package dev.discovery.server.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
import dev.discovery.server.registry.StoreRecovery;
import dev.discovery.server.registry.StoreUnavailableException;
import dev.discovery.server.snapshot.SavedState.SnapshotContent;
import dev.discovery.server.snapshot.SavedStateReader.Loaded;
import dev.discovery.server.snapshot.SavedStateReader.Unreadable;
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
 */
public class FileJournal implements Journal, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(FileJournal.class);

	/** Indexes reserved at a time; a crash makes the index jump by at most this much. */
	static final long RESERVATION = 10_000;

	private static final int MAX_BATCH = 1 << 20;

	private static final int MAX_LOGGED_SKIPS = 20;

	private final SavedState files;

	private final SnapshotProperties settings;

	private final RegistrationValidator validator;

	private final Clock clock;

	/** Missing numbers read as 0 and are judged by the reader, rather than failing the whole file. */
	private final JsonMapper mapper = JsonMapper.builder()
		.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final JournalLines lines = new JournalLines(this.mapper);

	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	private final Object progress = new Object();

	private final Object gate = new Object();

	private final AtomicLong syncWanted = new AtomicLong();

	private final ExecutorService compactor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "registry-journal-compaction");
		thread.setDaemon(true);
		return thread;
	});

	/** The store's side, under its write lock. */
	private long reservedRequested;

	private long highestReserved;

	private volatile long written;

	private volatile long synced;

	private volatile long reservedDurable;

	private volatile @Nullable Throwable failure;

	private volatile boolean closing;

	private volatile boolean compacting;

	private volatile @Nullable Thread thread;

	/** The writing thread's side. */
	private final Map<String, RegisteredInstance> mirror = new HashMap<>();

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

	private @Nullable FileChannel segment;

	private long sequence;

	private long segmentBytes;

	private long goodPosition;

	private long reservedWritten;

	private boolean reservationUnsynced;

	private @Nullable Batch pending;

	/**
	 * Opens the saved state, failing at once if its directory cannot be written or is in use.
	 * @param settings the snapshot settings
	 * @param validator checks saved instances as the API checks registrations
	 * @param clock stamps snapshots
	 */
	public FileJournal(SnapshotProperties settings, RegistrationValidator validator, Clock clock) {
		this.settings = settings;
		this.validator = validator;
		this.clock = clock;
		this.files = SavedState.open(settings.getPath());
	}

	@Override
	public Recovered recover() {
		Loaded loaded;
		try {
			loaded = new SavedStateReader(this.files, this.mapper).read();
		}
		catch (Unreadable ex) {
			return unreadable(ex);
		}
		catch (UncheckedIOException ex) {
			return unreadable(new Unreadable(this.files.directory(), ex.getCause().toString()));
		}
		boolean saved = Files.exists(this.files.snapshot()) || !this.files.segments().isEmpty();
		this.sequence = loaded.lastSegment();
		List<RegisteredInstance> instances = new ArrayList<>();
		int skipped = loaded.missing();
		for (SavedInstance entry : loaded.instances()) {
			try {
				instances.add(entry.toInstance(this.validator));
			}
			catch (IllegalArgumentException ex) {
				if (++skipped <= MAX_LOGGED_SKIPS) {
					logger.warn("Left out saved instance " + entry.service() + "/" + entry.id() + " from "
							+ this.files.directory() + ": " + ex.getMessage());
				}
			}
		}
		if (skipped > MAX_LOGGED_SKIPS) {
			logger.warn("Left out " + skipped + " saved instances in all from " + this.files.directory());
		}
		if (!saved) {
			return new Recovered(List.of(), StoreRecovery.none("no saved state in " + this.files.directory()));
		}
		logger.info("Restored " + instances.size() + " instances at index " + loaded.index() + " from "
				+ this.files.directory());
		return new Recovered(instances, new StoreRecovery(true, instances.size(), skipped, loaded.index(),
				loaded.savedAt(), this.files.snapshot().toString()));
	}

	private Recovered unreadable(Unreadable ex) {
		if (this.settings.getOnUnreadable() == SnapshotProperties.OnUnreadable.FAIL) {
			this.files.close();
			throw new IllegalStateException("The registry's saved state cannot be read: " + ex.getMessage()
					+ ". The file is kept as it is. To start with an empty registry, move it away or set "
					+ "discovery.server.snapshot.on-unreadable=start-empty (unreadable files are then renamed "
					+ "*.unreadable-<time> and kept).", ex);
		}
		String suffix = ".unreadable-" + this.clock.instant().toString().replace(':', '-');
		try {
			List<Path> moved = this.files.setAside(suffix);
			logger.warn("Started with an empty registry: the saved state could not be read (" + ex.getMessage()
					+ "); kept as " + moved);
		}
		catch (IOException io) {
			throw new IllegalStateException("Cannot set aside the unreadable saved state in " + this.files.directory()
					+ ": " + io, io);
		}
		this.sequence = 0;
		return new Recovered(List.of(), StoreRecovery.none("saved state in " + this.files.directory()
				+ " was unreadable and set aside (*" + suffix + ")"));
	}

	@Override
	public void open(List<RegisteredInstance> held, long index) {
		try {
			// A baseline of exactly what the store holds, then a fresh segment: refused entries and torn lines
			// are gone from disk, and the first change after a start never lands in a file a crash has damaged.
			long next = this.sequence + 1;
			this.files.writeSnapshot(content(held, index, index, next), this.mapper);
			startSegment(next);
			this.files.deleteSegmentsBefore(next);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write the registry's saved state in " + this.files.directory()
					+ " (" + ex + "): set discovery.server.snapshot.path to a writable location, or "
					+ "discovery.server.snapshot.enabled=false to keep the registry in memory only", ex);
		}
		held.forEach((instance) -> this.mirror.put(SavedInstance.key(instance.service(), instance.id()), instance));
		this.written = index;
		this.synced = index;
		this.reservedDurable = index;
		this.reservedWritten = index;
		this.reservedRequested = index;
		this.highestReserved = index;
		Thread writer = new Thread(this::run, "registry-journal");
		writer.setDaemon(true);
		this.thread = writer;
		writer.start();
	}

	@Override
	public void reserve(long index) {
		synchronized (this.gate) {
			if (this.closing) {
				throw new StoreUnavailableException("The registry is shutting down; retry at another registry");
			}
			Throwable failed = this.failure;
			if (failed != null) {
				throw new StoreUnavailableException("The registry cannot write its journal: " + failed, failed);
			}
			this.highestReserved = Math.max(this.highestReserved, index);
		}
		if (index + RESERVATION / 2 > this.reservedRequested) {
			this.reservedRequested = index + RESERVATION;
			this.queue.add(new Reservation(this.reservedRequested));
			wake();
		}
		if (index > this.reservedDurable) {
			await(() -> this.reservedDurable >= index, "reserve index " + index);
		}
	}

	@Override
	public void append(RegistryChange change) {
		this.queue.add(change);
		wake();
	}

	@Override
	public void awaitWritten(long index) {
		if (this.written < index) {
			await(() -> this.written >= index, "write change " + index);
		}
	}

	@Override
	public void awaitSynced(long index) {
		if (this.synced < index) {
			this.syncWanted.accumulateAndGet(index, Math::max);
			wake();
			await(() -> this.synced >= index, "flush change " + index + " to disk");
		}
	}

	private void await(Condition done, String what) {
		long deadline = System.nanoTime() + this.settings.getWriteTimeout().toNanos();
		synchronized (this.progress) {
			while (!done.met()) {
				Throwable failed = this.failure;
				if (failed != null) {
					throw new StoreUnavailableException("The registry cannot write its journal: " + failed, failed);
				}
				long left = deadline - System.nanoTime();
				if (left <= 0 || (this.closing && this.thread == null)) {
					throw new StoreUnavailableException("The registry's journal did not " + what + " within "
							+ this.settings.getWriteTimeout().toMillis() + "ms");
				}
				try {
					this.progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new StoreUnavailableException("Interrupted while waiting for the journal", ex);
				}
			}
		}
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
				if (this.failure != null && !retry()) {
					if (this.closing) {
						return;
					}
					continue;
				}
				boolean wrote = writeQueued();
				long now = System.nanoTime();
				boolean unsynced = this.written > this.synced || this.reservationUnsynced;
				if (unsynced && (this.closing || this.reservationUnsynced || this.syncWanted.get() > this.synced
						|| now - lastSync >= flushNanos)) {
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
			catch (IOException | RuntimeException ex) {
				failed(ex);
			}
		}
	}

	private boolean writeQueued() throws IOException {
		this.buffer.reset();
		List<RegistryChange> changes = new ArrayList<>();
		long reservation = -1;
		Object item;
		while (this.buffer.size() < MAX_BATCH && (item = this.queue.poll()) != null) {
			if (item instanceof RegistryChange change) {
				this.lines.write(JournalEntry.of(change), this.buffer);
				changes.add(change);
			}
			else if (item instanceof Reservation reserve) {
				this.lines.write(JournalEntry.reserve(reserve.upTo()), this.buffer);
				reservation = reserve.upTo();
			}
		}
		if (this.buffer.size() == 0) {
			return false;
		}
		this.pending = new Batch(this.buffer.toByteArray(), changes, reservation);
		write(this.pending);
		return true;
	}

	private void write(Batch batch) throws IOException {
		FileChannel channel = segment();
		ByteBuffer bytes = ByteBuffer.wrap(batch.bytes());
		while (bytes.hasRemaining()) {
			channel.write(bytes);
		}
		this.goodPosition = channel.position();
		this.segmentBytes += batch.bytes().length;
		this.pending = null;
		for (RegistryChange change : batch.changes()) {
			String key = SavedInstance.key(change.service(), change.instanceId());
			if (change.removal()) {
				this.mirror.remove(key);
			}
			else {
				this.mirror.put(key, change.instance());
			}
		}
		if (batch.reservation() > 0) {
			this.reservedWritten = batch.reservation();
			this.reservationUnsynced = true;
		}
		if (!batch.changes().isEmpty()) {
			this.written = batch.changes().get(batch.changes().size() - 1).index();
		}
		signal();
	}

	private void sync() throws IOException {
		long upTo = this.written;
		long reserved = this.reservedWritten;
		segment().force(false);
		this.synced = upTo;
		this.reservedDurable = reserved;
		this.reservationUnsynced = reserved != this.reservedWritten;
		signal();
	}

	private void signal() {
		synchronized (this.progress) {
			this.progress.notifyAll();
		}
	}

	private void failed(Throwable ex) {
		if (this.failure == null) {
			logger.error("Cannot write the registry's journal in " + this.files.directory()
					+ "; writes answer 503 until it can, retrying every second", ex);
		}
		this.failure = ex;
		signal();
	}

	/** After a failure: puts back what was written of the failed batch and writes it again. */
	private boolean retry() {
		LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
		try {
			FileChannel channel = segment();
			channel.truncate(this.goodPosition);
			channel.position(this.goodPosition);
			if (this.pending != null) {
				write(this.pending);
			}
			this.failure = null;
			logger.info("The registry's journal in " + this.files.directory() + " is written again");
			return true;
		}
		catch (IOException | RuntimeException ex) {
			this.failure = ex;
			return false;
		}
	}

	private void compactIfDue() throws IOException {
		if (this.segmentBytes < this.settings.getCompactAfter().toBytes() || this.compacting) {
			return;
		}
		sync();
		long next = this.sequence + 1;
		FileChannel previous = segment();
		startSegment(next);
		previous.close();
		List<RegisteredInstance> instances = new ArrayList<>(this.mirror.values());
		long index = this.written;
		long reserved = Math.max(this.reservedWritten, index);
		this.compacting = true;
		this.compactor.execute(() -> {
			try {
				this.files.writeSnapshot(content(instances, index, reserved, next), this.mapper);
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

	private void startSegment(long number) throws IOException {
		FileChannel channel = this.files.createSegment(number);
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		this.lines.write(JournalEntry.segment(SavedState.FORMAT), header);
		channel.write(ByteBuffer.wrap(header.toByteArray()));
		this.segment = channel;
		this.sequence = number;
		this.segmentBytes = header.size();
		this.goodPosition = channel.position();
	}

	private FileChannel segment() {
		FileChannel channel = this.segment;
		if (channel == null) {
			throw new IllegalStateException("The journal is not open");
		}
		return channel;
	}

	private SnapshotContent content(List<RegisteredInstance> instances, long index, long reserved, long next) {
		List<@Nullable SavedInstance> saved = new ArrayList<>(instances.size());
		instances.forEach((instance) -> saved.add(SavedInstance.of(instance)));
		return new SnapshotContent(SavedState.FORMAT, index, reserved, next, this.clock.instant(), saved);
	}

	/** How far the journal has got, for metrics. */
	long written() {
		return this.written;
	}

	long synced() {
		return this.synced;
	}

	boolean failing() {
		return this.failure != null;
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
		return this.thread != null;
	}

	/**
	 * Writes what is queued, flushes it, and writes a snapshot so the next start reads one file.
	 */
	@Override
	public void stop() {
		Thread writer = this.thread;
		if (writer == null) {
			return;
		}
		long reserved;
		synchronized (this.gate) {
			this.closing = true;
			reserved = this.highestReserved;
		}
		LockSupport.unpark(writer);
		try {
			writer.join(TimeUnit.SECONDS.toMillis(30));
			this.compactor.shutdown();
			this.compactor.awaitTermination(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread = null;
		signal();
		try {
			if (this.failure == null && !writer.isAlive()) {
				writeQueued();
				long next = this.sequence + 1;
				segment().force(false);
				this.files.writeSnapshot(content(new ArrayList<>(this.mirror.values()), this.written,
						Math.max(this.written, reserved), next), this.mapper);
				segment().close();
				this.files.deleteSegmentsBefore(next);
				logger.info("Saved " + this.mirror.size() + " instances at index " + this.written + " to "
						+ this.files.snapshot());
			}
			else {
				logger.error("Stopped with a journal that could not be written: changes after index " + this.written
						+ " are lost");
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Could not write the registry snapshot on stop; the journal in " + this.files.directory()
					+ " still holds every change written", ex);
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
		this.compactor.shutdownNow();
		FileChannel channel = this.segment;
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// As a crash would.
			}
		}
		this.files.close();
	}

	@FunctionalInterface
	private interface Condition {

		boolean met();

	}

	private record Reservation(long upTo) {
	}

	private record Batch(byte[] bytes, List<RegistryChange> changes, long reservation) {
	}

}
