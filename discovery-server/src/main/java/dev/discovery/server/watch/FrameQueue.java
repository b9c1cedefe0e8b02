package dev.discovery.server.watch;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * The frames one watch stream has yet to write, bounded in frames and in bytes of changes, each held in the
 * {@link QueuedBytes} total while it waits. The head frame goes out a chunk at a time. Guarded by the stream's lock.
 */
final class FrameQueue {

	/** Largest piece of a frame handed to the container at once: what a stalled stream can make it copy. */
	static final int CHUNK = 8 * 1024;

	private final ArrayDeque<Frame> pending = new ArrayDeque<>();

	private final int maxPending;

	private final long maxChangeBytes;

	private final QueuedBytes queued;

	/** Bytes of the head frame already written. */
	private int written;

	/** Bytes of change frames waiting (the snapshot aside, which is bounded by the total). */
	private long changeBytes;

	private @Nullable Frame snapshot;

	FrameQueue(int maxPending, long maxChangeBytes, QueuedBytes queued) {
		this.maxPending = maxPending;
		this.maxChangeBytes = maxChangeBytes;
		this.queued = queued;
	}

	/** Queues a constant frame (the retry line, a heartbeat), outside every bound. */
	void addConstant(Frame frame) {
		this.pending.add(frame);
	}

	/** Queues the snapshot a stream starts with: held in the total, not in the bytes of changes. */
	void addSnapshot(Frame frame) {
		this.snapshot = frame;
		add(frame);
	}

	void add(Frame frame) {
		this.pending.add(frame);
		this.queued.hold(frame);
		if (frame != this.snapshot) {
			this.changeBytes += frame.length();
		}
	}

	/** Whether the frame would go over the bound in frames, or in bytes of changes if any wait already. */
	boolean full(Frame frame) {
		return this.pending.size() >= this.maxPending
				|| (this.changeBytes > 0 && this.changeBytes + frame.length() > this.maxChangeBytes);
	}

	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	@Nullable Frame head() {
		return this.pending.peek();
	}

	/** Whether part of the head frame went out already. */
	boolean midFrame() {
		return this.written > 0;
	}

	/**
	 * Writes the next chunk of the head frame; there must be one.
	 * @return the head frame if this chunk ended it (it is then dequeued), else {@code null}
	 */
	@Nullable Frame writeChunk(OutputStream out) throws IOException {
		Frame frame = this.pending.element();
		int length = Math.min(CHUNK, frame.length() - this.written);
		out.write(frame.bytes(), this.written, length);
		this.written += length;
		if (this.written < frame.length()) {
			return null;
		}
		this.pending.poll();
		this.written = 0;
		dequeued(frame);
		return frame;
	}

	/** Drops every frame waiting. */
	void clear() {
		this.pending.forEach(this::dequeued);
		this.pending.clear();
		this.written = 0;
	}

	private void dequeued(Frame frame) {
		this.queued.release(frame);
		// Constants never counted as changes: taking them off would wear the bound down, one heartbeat at a time.
		if (frame != this.snapshot && frame.counted()) {
			this.changeBytes -= frame.length();
		}
	}

}
