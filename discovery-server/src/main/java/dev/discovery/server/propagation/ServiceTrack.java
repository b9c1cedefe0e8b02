package dev.discovery.server.propagation;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

/**
 * One service's changes on their way to its subscribers, and the time to truth of those that arrived, over a
 * sliding window. Guarded by the tracker's lock.
 */
final class ServiceTrack {

	final String service;

	/** The service's last change index. */
	long lastIndex;

	/** Changes some subscriber has not applied yet, oldest first. */
	final ArrayDeque<OpenChange> open = new ArrayDeque<>();

	/** Completed changes: when each completed and how long it took (nanos), oldest first. */
	private final ArrayDeque<long[]> samples = new ArrayDeque<>();

	private final int maxSamples;

	private final int maxOpen;

	ServiceTrack(String service, int maxSamples, int maxOpen) {
		this.service = service;
		this.maxSamples = maxSamples;
		this.maxOpen = maxOpen;
	}

	/**
	 * A change that {@code waitingFor} subscribers still have to apply.
	 * @param overflow told of the time to truth of an open change pushed out by this one
	 */
	void opened(long index, long nanos, Instant at, int waitingFor, LongConsumer overflow) {
		if (this.open.size() >= this.maxOpen) {
			// Counted at its age so far: a lower bound, and never better than the truth.
			OpenChange oldest = this.open.removeFirst();
			complete(nanos, nanos - oldest.nanos);
			overflow.accept(nanos - oldest.nanos);
		}
		this.open.addLast(new OpenChange(index, nanos, at, waitingFor));
	}

	/**
	 * A subscriber moved from {@code from} to {@code to}, or left ({@code to} = {@link Long#MAX_VALUE}): the changes
	 * in between wait for one subscriber fewer.
	 * @param completed told of the time to truth of each change that no subscriber waits for any more
	 */
	void advanced(long from, long to, long nanos, LongConsumer completed) {
		Iterator<OpenChange> changes = this.open.iterator();
		while (changes.hasNext()) {
			OpenChange change = changes.next();
			if (change.index > to) {
				break;
			}
			if (change.index > from && --change.waitingFor <= 0) {
				changes.remove();
				long took = Math.max(0, nanos - change.nanos);
				complete(nanos, took);
				completed.accept(took);
			}
		}
	}

	/** The oldest open change past {@code index}, or {@code null}. */
	@Nullable OpenChange oldestAfter(long index) {
		for (OpenChange change : this.open) {
			if (change.index > index) {
				return change;
			}
		}
		return null;
	}

	private void complete(long now, long took) {
		if (this.samples.size() >= this.maxSamples) {
			this.samples.removeFirst();
		}
		this.samples.addLast(new long[] { now, took });
	}

	/**
	 * Drops samples older than the window; returns the rest's durations with the ages of the open changes older than
	 * {@code minOpenAge} (younger ones may well be applied, their acknowledgement still on its way).
	 */
	long[] durations(long now, long windowNanos, long minOpenAge) {
		while (!this.samples.isEmpty() && now - this.samples.peekFirst()[0] > windowNanos) {
			this.samples.removeFirst();
		}
		long[] durations = new long[this.samples.size() + this.open.size()];
		int i = 0;
		for (long[] sample : this.samples) {
			durations[i++] = sample[1];
		}
		for (OpenChange change : this.open) {
			if (now - change.nanos >= minOpenAge) {
				durations[i++] = now - change.nanos;
			}
		}
		return java.util.Arrays.copyOf(durations, i);
	}

	boolean idle() {
		return this.open.isEmpty() && this.samples.isEmpty();
	}

	static final class OpenChange {

		final long index;

		final long nanos;

		final Instant at;

		int waitingFor;

		OpenChange(long index, long nanos, Instant at, int waitingFor) {
			this.index = index;
			this.nanos = nanos;
			this.at = at;
			this.waitingFor = waitingFor;
		}

	}

}
