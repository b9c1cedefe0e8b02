package dev.discovery.server.watch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.jspecify.annotations.Nullable;

/**
 * One open watch stream. Writes never block: frames wait in a bounded queue and go out while the servlet output
 * stream is ready, from the dispatcher after each batch or from the container when the socket drains. Frames are
 * shared with other streams and written a chunk at a time, so the container never copies more than a chunk of one
 * (a stalled stream holds a reference to a shared snapshot, not a copy of it). A watcher whose queue overflows (in
 * events, or in bytes of changes) is sent {@code resync} if it can still be written, and its stream ends.
 */
final class WatchConnection implements WriteListener, AsyncListener {

	private final AsyncContext context;

	private final ServletOutputStream out;

	private final Set<String> services;

	private final WatchHub hub;

	static final Frame RETRY = Frame.constant(EventFrames.RETRY);

	static final Frame HEARTBEAT = Frame.constant(EventFrames.HEARTBEAT);

	private final FrameQueue frames;

	/** The index of the last change queued, so replays and the live feed never repeat one. */
	private long lastIndex;

	private boolean unflushed;

	/** Everything offered so far has been handed to the socket. */
	private boolean caughtUp;

	/** The last index up to which everything offered had reached the socket. */
	private long deliveredIndex;

	private boolean closed;

	private Instant lastDrained;

	WatchConnection(AsyncContext context, ServletOutputStream out, WatchRequest request, long startIndex,
			WatchHub hub, Instant now) {
		this.context = context;
		this.out = out;
		this.services = request.services();
		this.frames = new FrameQueue(hub.maxPendingEvents(), hub.maxQueuedBytesPerStream(), hub.queued());
		this.hub = hub;
		this.lastIndex = startIndex;
		this.lastDrained = now;
	}

	boolean wants(String service) {
		return this.services.isEmpty() || this.services.contains(service);
	}

	synchronized long lastIndex() {
		return this.lastIndex;
	}

	/** Whether every change up to the index that was meant for this stream has reached its socket. */
	synchronized boolean delivered(long index) {
		return this.closed || this.caughtUp || this.deliveredIndex >= index;
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	/** Queues the first frame (a snapshot, or none), before the stream is handed to the dispatcher. */
	synchronized void start(@Nullable Frame first) {
		this.frames.addConstant(RETRY);
		if (first != null) {
			this.frames.addSnapshot(first);
		}
	}

	/** Whether frames wait that the socket has not taken. */
	synchronized boolean waiting() {
		return !this.frames.isEmpty() && this.frames.head() != HEARTBEAT;
	}

	synchronized Instant lastDrained() {
		return this.lastDrained;
	}

	/**
	 * Queues a change frame unless this watcher already has it.
	 * @return {@code false} if the queue is full: the caller must {@link #resync(long)} the watcher
	 */
	synchronized boolean offer(Frame frame, long index) {
		if (this.closed || index <= this.lastIndex) {
			return true;
		}
		if (this.frames.full(frame)) {
			return false;
		}
		this.frames.add(frame);
		this.lastIndex = index;
		this.caughtUp = false;
		return true;
	}

	/** Sends a heartbeat when nothing waits, or closes a stream that has not drained for too long. */
	void heartbeat(Instant now, Duration stallTimeout) {
		if (stalled(now, stallTimeout)) {
			close();
		}
	}

	private synchronized boolean stalled(Instant now, Duration stallTimeout) {
		if (this.closed) {
			return false;
		}
		if (this.frames.isEmpty()) {
			this.frames.addConstant(HEARTBEAT);
			return false;
		}
		return Duration.between(this.lastDrained, now).compareTo(stallTimeout) > 0;
	}

	/** Drops what waits, tells the watcher to resync if the socket takes it, and ends the stream. */
	void resync(long index) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			boolean midFrame = this.frames.midFrame();
			this.frames.clear();
			if (!midFrame) {
				// After part of a frame, a resync frame would be garbled: the watcher sees the stream end instead.
				this.frames.add(Frame.of(this.hub.frames().resync(index)));
			}
		}
		this.hub.resynced();
		pump();
		close();
	}

	/** Writes what waits while the socket takes it; the container calls back when it drains. */
	void pump() {
		if (!drain()) {
			close();
		}
	}

	/**
	 * Writes frames until the queue is empty and flushed or the socket stops taking them.
	 * @return {@code false} if the watcher went away
	 */
	private synchronized boolean drain() {
		try {
			while (!this.closed && this.out.isReady()) {
				if (!this.frames.isEmpty()) {
					Frame sent = this.frames.writeChunk(this.out);
					this.unflushed = true;
					if (sent != null) {
						this.hub.sent(sent);
					}
				}
				else if (this.unflushed) {
					this.unflushed = false;
					this.out.flush();
				}
				else {
					this.lastDrained = this.hub.now();
					if (!this.caughtUp) {
						this.caughtUp = true;
						this.deliveredIndex = this.lastIndex;
						this.hub.caughtUp();
					}
					return true;
				}
			}
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * Ends the stream. Tomcat flushes what it already holds and releases the connection. The container is called
	 * outside this object's lock, so a container thread waiting for the lock cannot deadlock with it.
	 */
	void close() {
		if (markClosed()) {
			complete();
		}
	}

	@Override
	public void onWritePossible() {
		pump();
	}

	@Override
	public void onError(Throwable ex) {
		close();
	}

	@Override
	public void onComplete(AsyncEvent event) {
		markClosed();
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		markClosed();
		complete();
	}

	/** Completes even when already closed, or the container would go on to an error page dispatch. */
	@Override
	public void onError(AsyncEvent event) {
		markClosed();
		complete();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	private void complete() {
		try {
			this.context.complete();
		}
		catch (IllegalStateException ex) {
			// Already completed, by us or by the container after a disconnect.
		}
	}

	private boolean markClosed() {
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			this.frames.clear();
		}
		this.hub.closed(this);
		return true;
	}

}
