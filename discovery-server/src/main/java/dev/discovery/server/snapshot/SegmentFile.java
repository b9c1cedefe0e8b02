package dev.discovery.server.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.jspecify.annotations.Nullable;

/**
 * The journal segment being written, and where its last complete batch ends: a failed write is cut back to there
 * before it is written again. Used by the journal's writing thread only.
 */
final class SegmentFile {

	private final SavedState files;

	private final JournalLines lines;

	private @Nullable FileChannel channel;

	private long sequence;

	private long bytes;

	private long goodPosition;

	SegmentFile(SavedState files, JournalLines lines) {
		this.files = files;
		this.lines = lines;
	}

	/**
	 * Creates a segment and writes to it from now on.
	 * @param number its number, past every segment on disk
	 * @throws IOException if it cannot be created
	 */
	void start(long number) throws IOException {
		FileChannel created = this.files.createSegment(number);
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		this.lines.write(JournalEntry.segment(SavedState.FORMAT), header);
		created.write(ByteBuffer.wrap(header.toByteArray()));
		this.channel = created;
		this.sequence = number;
		this.bytes = header.size();
		this.goodPosition = created.position();
	}

	/** Starts the next segment, then closes this one. */
	void roll() throws IOException {
		FileChannel previous = channel();
		start(this.sequence + 1);
		previous.close();
	}

	/** Writes a whole batch; its end is then the good position. */
	void write(byte[] batch) throws IOException {
		FileChannel open = channel();
		ByteBuffer buffer = ByteBuffer.wrap(batch);
		while (buffer.hasRemaining()) {
			open.write(buffer);
		}
		this.goodPosition = open.position();
		this.bytes += batch.length;
	}

	/** Cuts off what a failed write left after the last complete batch. */
	void rollBack() throws IOException {
		FileChannel open = channel();
		open.truncate(this.goodPosition);
		open.position(this.goodPosition);
	}

	/** Flushes what was written to disk. */
	void force() throws IOException {
		channel().force(false);
	}

	void close() throws IOException {
		channel().close();
	}

	/** Closes without a word, as a crash would. */
	void abandon() {
		FileChannel open = this.channel;
		if (open != null) {
			try {
				open.close();
			}
			catch (IOException ex) {
				// As a crash would.
			}
		}
	}

	/** The segment's number. */
	long sequence() {
		return this.sequence;
	}

	/** Bytes written to the segment. */
	long bytes() {
		return this.bytes;
	}

	private FileChannel channel() {
		FileChannel open = this.channel;
		if (open == null) {
			throw new IllegalStateException("The journal is not open");
		}
		return open;
	}

}
