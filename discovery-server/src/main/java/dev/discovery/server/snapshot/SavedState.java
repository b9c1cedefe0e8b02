package dev.discovery.server.snapshot;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of the registry's saved state, in the directory of the snapshot file: the snapshot
 * ({@code registry-snapshot.json}), journal segments ({@code registry-snapshot.json.journal.<n>}) and a lock file, so
 * that two registries never share one directory. Opening it checks that the directory can be written, at startup.
 */
final class SavedState implements Closeable {

	/** The format of the snapshot and of journal segments. */
	static final int FORMAT = 2;

	private final Path snapshot;

	private final Path directory;

	private final Pattern segmentName;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private SavedState(Path snapshot, FileChannel lockChannel, FileLock lock) {
		this.snapshot = snapshot;
		this.directory = snapshot.getParent();
		this.segmentName = Pattern.compile(Pattern.quote(snapshot.getFileName().toString()) + "\\.journal\\.(\\d{1,18})");
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/**
	 * Opens the saved state at a snapshot path, creating its directory, and locks it.
	 * @param path the snapshot file
	 * @return the saved state
	 * @throws IllegalStateException if the directory cannot be written or another registry holds it
	 */
	static SavedState open(Path path) {
		Path snapshot = path.toAbsolutePath().normalize();
		Path lockFile = snapshot.resolveSibling(snapshot.getFileName() + ".lock");
		FileChannel channel = null;
		try {
			Files.createDirectories(snapshot.getParent());
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				throw new IllegalStateException("Another registry process keeps its state in " + snapshot.getParent()
						+ " (" + lockFile + " is locked): give each registry its own discovery.server.snapshot.path");
			}
			return new SavedState(snapshot, channel, lock);
		}
		catch (IOException | OverlappingFileLockException ex) {
			closeQuietly(channel);
			throw new IllegalStateException("Cannot write the registry's saved state in " + snapshot.getParent() + " ("
					+ ex + "): set discovery.server.snapshot.path to a writable location, or "
					+ "discovery.server.snapshot.enabled=false to keep the registry in memory only", ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	Path snapshot() {
		return this.snapshot;
	}

	Path directory() {
		return this.directory;
	}

	Path segment(long sequence) {
		return this.snapshot.resolveSibling(this.snapshot.getFileName() + ".journal." + sequence);
	}

	/** The journal segments present, by sequence number. */
	List<Long> segments() {
		List<Long> sequences = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
			for (Path file : files) {
				Matcher matcher = this.segmentName.matcher(file.getFileName().toString());
				if (matcher.matches()) {
					sequences.add(Long.parseLong(matcher.group(1)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + this.directory, ex);
		}
		sequences.sort(null);
		return sequences;
	}

	/**
	 * Renames every saved file so the registry can start empty while the files stay for a person to look at.
	 * @param suffix the suffix, such as {@code .unreadable-2026-01-01T00-00-00Z}
	 * @return the files renamed
	 */
	List<Path> setAside(String suffix) throws IOException {
		List<Path> files = new ArrayList<>();
		if (Files.exists(this.snapshot)) {
			files.add(this.snapshot);
		}
		segments().forEach((sequence) -> files.add(segment(sequence)));
		List<Path> moved = new ArrayList<>();
		for (Path file : files) {
			Path target = file.resolveSibling(file.getFileName() + suffix);
			Files.move(file, target);
			moved.add(target);
		}
		return moved;
	}

	/**
	 * Replaces the snapshot atomically: written to a temporary file, flushed to disk, moved into place, and the move
	 * flushed too, so a crash leaves the old snapshot or the new one, never a part of one.
	 * @param content what to save
	 * @param mapper writes the JSON
	 */
	synchronized void writeSnapshot(SnapshotContent content, JsonMapper mapper) throws IOException {
		// One name, not a fresh one per write: a crash while writing leaves one file that the next write replaces,
		// not a snapshot-sized file per crash until the disk is full. Synchronized: the snapshot on stop must not
		// write the same file as a compaction that outlived the wait for it.
		Path temp = temporarySnapshot();
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING);
					OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
				try {
					mapper.writeValue(out, content);
				}
				catch (JacksonException ex) {
					// What the disk said (No space left on device), as the IOException every caller handles; Jackson
					// wraps it, in a DatabindException too when it fails in the middle of an instance.
					for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
						if (cause instanceof IOException io) {
							throw io;
						}
					}
					throw ex;
				}
				out.flush();
				channel.force(true);
			}
			try {
				Files.move(temp, this.snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, this.snapshot, StandardCopyOption.REPLACE_EXISTING);
			}
			syncDirectory();
		}
		finally {
			// Frees what a failed write took (on a full disk, every byte counts); a no-op once moved into place.
			try {
				Files.deleteIfExists(temp);
			}
			catch (IOException ex) {
				// The next write truncates it.
			}
		}
	}

	Path temporarySnapshot() {
		return this.snapshot.resolveSibling("." + this.snapshot.getFileName() + ".tmp");
	}

	/**
	 * Deletes snapshots that a crash left half written, under this name or the random ones of earlier versions, so
	 * the space they hold is free before a new snapshot is written.
	 */
	void deleteStaleTemporaryFiles() throws IOException {
		String prefix = "." + this.snapshot.getFileName();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory,
				(file) -> file.getFileName().toString().startsWith(prefix)
						&& file.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(file))) {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
	}

	/** Deletes the segments a snapshot has made redundant. */
	void deleteSegmentsBefore(long sequence) throws IOException {
		for (long existing : segments()) {
			if (existing < sequence) {
				Files.deleteIfExists(segment(existing));
			}
		}
		syncDirectory();
	}

	/**
	 * Creates a new, empty segment for appending. Its number is past every segment read at start and every one written
	 * since, so a file already there is what an earlier attempt left when it could create the file but not write its
	 * first line (a full disk): it holds nothing and is started again, or the journal could never roll again.
	 */
	FileChannel createSegment(long sequence) throws IOException {
		FileChannel channel = FileChannel.open(segment(sequence), StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
		syncDirectory();
		return channel;
	}

	@Nullable Instant lastModified() {
		try {
			Instant latest = Files.exists(this.snapshot) ? Files.getLastModifiedTime(this.snapshot).toInstant() : null;
			for (long sequence : segments()) {
				Instant modified = Files.getLastModifiedTime(segment(sequence)).toInstant();
				latest = (latest == null || modified.isAfter(latest)) ? modified : latest;
			}
			return latest;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private void syncDirectory() {
		// A rename or a new file is durable only once the directory is; some platforms cannot open one, which
		// they make up for otherwise.
		try (FileChannel dir = FileChannel.open(this.directory, StandardOpenOption.READ)) {
			dir.force(true);
		}
		catch (IOException ex) {
			// Best effort.
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
		}
		catch (IOException ex) {
			// Closing the channel releases it too.
		}
		closeQuietly(this.lockChannel);
	}

	private static void closeQuietly(@Nullable FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// Nothing more to do.
			}
		}
	}

	/**
	 * The snapshot file.
	 *
	 * @param format the format, {@link #FORMAT}
	 * @param index the index of the last change it holds
	 * @param reservedUpTo the end of the index range reserved when it was written
	 * @param nextSegment the first journal segment that continues it
	 * @param savedAt when it was written
	 * @param instances the instances
	 */
	record SnapshotContent(int format, long index, long reservedUpTo, long nextSegment, @Nullable Instant savedAt,
			@Nullable List<@Nullable SavedInstance> instances) {
	}

}
