package dev.discovery.server.watch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes waiting on all watch streams, each shared frame counted once: the memory that stalled watchers hold.
 * The dispatcher closes the longest-stalled streams while it is over its bound.
 */
final class QueuedBytes {

	private final AtomicLong total = new AtomicLong();

	private final long max;

	/**
	 * @param max the most bytes all streams may hold waiting; 0 or less for no bound
	 */
	QueuedBytes(long max) {
		this.max = max;
	}

	void hold(Frame frame) {
		int added = frame.hold();
		if (added > 0) {
			this.total.addAndGet(added);
		}
	}

	void release(Frame frame) {
		int freed = frame.release();
		if (freed > 0) {
			this.total.addAndGet(-freed);
		}
	}

	long total() {
		return this.total.get();
	}

	boolean over() {
		return this.max > 0 && this.total.get() > this.max;
	}

}
