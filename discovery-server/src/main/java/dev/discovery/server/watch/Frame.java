package dev.discovery.server.watch;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One encoded event, shared by every stream it is queued on: a change is encoded once for all watchers, and a
 * snapshot once for all streams that start at the same index with the same request. The frame counts the streams
 * holding it, so {@link QueuedBytes} counts its bytes once, however many streams wait to send it.
 */
final class Frame {

	private final byte[] bytes;

	private final AtomicInteger holders = new AtomicInteger();

	private final boolean counted;

	private Frame(byte[] bytes, boolean counted) {
		this.bytes = bytes;
		this.counted = counted;
	}

	/** A frame whose bytes count towards the queued total while any stream holds it. */
	static Frame of(byte[] bytes) {
		return new Frame(bytes, true);
	}

	/** A small frame held by every stream at once (a heartbeat, the retry line): not counted. */
	static Frame constant(byte[] bytes) {
		return new Frame(bytes, false);
	}

	byte[] bytes() {
		return this.bytes;
	}

	int length() {
		return this.bytes.length;
	}

	/** Whether its bytes count while it waits: {@code false} for a {@link #constant(byte[]) constant}. */
	boolean counted() {
		return this.counted;
	}

	/** A stream queues it: returns the bytes that became held, or 0 if it was held already. */
	int hold() {
		return (this.counted && this.holders.getAndIncrement() == 0) ? this.bytes.length : 0;
	}

	/** A stream sent or dropped it: returns the bytes no longer held, or 0 if others still hold it. */
	int release() {
		return (this.counted && this.holders.decrementAndGet() == 0) ? this.bytes.length : 0;
	}

}
