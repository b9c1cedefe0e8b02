package dev.discovery.server.watch;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.WatchDelivery;

/**
 * Requests waiting until a change has reached every watcher ({@code GET /api/v1/watch/delivered}). The dispatcher
 * checks them after each pass: a change is delivered once the dispatcher has fanned it out and every open stream
 * has handed all it was given up to then to its socket. Parked as {@link DeferredResult}s; no thread waits.
 */
final class Deliveries {

	private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

	private final WakeUp wakeUp;

	Deliveries(WakeUp wakeUp) {
		this.wakeUp = wakeUp;
	}

	DeferredResult<ResponseEntity<WatchDelivery>> await(long index, Duration wait) {
		DeferredResult<ResponseEntity<WatchDelivery>> result = new DeferredResult<>(Math.max(1, wait.toMillis()));
		Waiter waiter = new Waiter(index, result);
		result.onTimeout(() -> answer(waiter, false));
		result.onCompletion(() -> this.waiters.remove(waiter));
		this.waiters.add(waiter);
		this.wakeUp.signal();
		return result;
	}

	boolean waiting() {
		return !this.waiters.isEmpty();
	}

	/** Answers the waiters whose change every watcher has; called by the dispatcher thread. */
	void check(long position, List<WatchConnection> watchers) {
		for (Waiter waiter : this.waiters) {
			if (waiter.index <= position && watchers.stream().allMatch((w) -> w.delivered(waiter.index))) {
				answer(waiter, true);
			}
		}
	}

	/** Answers every waiter now, as delivered or not, when the server stops. */
	void answerAll() {
		this.waiters.forEach((waiter) -> answer(waiter, false));
	}

	private void answer(Waiter waiter, boolean delivered) {
		if (this.waiters.remove(waiter)) {
			waiter.result.setResult(ResponseEntity.ok()
				.header(Headers.INDEX, Long.toString(waiter.index))
				.body(new WatchDelivery(waiter.index, delivered)));
		}
	}

	private static final class Waiter {

		final long index;

		final DeferredResult<ResponseEntity<WatchDelivery>> result;

		Waiter(long index, DeferredResult<ResponseEntity<WatchDelivery>> result) {
			this.index = index;
			this.result = result;
		}

	}

}
