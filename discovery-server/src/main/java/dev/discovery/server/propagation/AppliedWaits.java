package dev.discovery.server.propagation;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.WatchApplied;

/**
 * Requests waiting until every subscriber of a service has applied a change
 * ({@code GET /api/v1/services/{service}/propagation/applied}): a stopping instance waits for its removal to be
 * applied before it drains. Parked as {@link DeferredResult}s, checked after every acknowledgement.
 */
final class AppliedWaits {

	private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

	private final PropagationTracker tracker;

	AppliedWaits(PropagationTracker tracker) {
		this.tracker = tracker;
		tracker.onProgress(this::check);
	}

	DeferredResult<ResponseEntity<WatchApplied>> await(String service, long index, Duration wait) {
		DeferredResult<ResponseEntity<WatchApplied>> result = new DeferredResult<>(Math.max(1, wait.toMillis()));
		Waiter waiter = new Waiter(service, index, result);
		result.onTimeout(() -> answer(waiter, false));
		result.onCompletion(() -> this.waiters.remove(waiter));
		this.waiters.add(waiter);
		if (this.tracker.appliedBy(service, index)) {
			answer(waiter, true);
		}
		return result;
	}

	void check() {
		for (Waiter waiter : this.waiters) {
			if (this.tracker.appliedBy(waiter.service, waiter.index)) {
				answer(waiter, true);
			}
		}
	}

	/** Answers every waiter now, as not applied, when the server stops. */
	void answerAll() {
		this.waiters.forEach((waiter) -> answer(waiter, false));
	}

	private void answer(Waiter waiter, boolean applied) {
		if (this.waiters.remove(waiter)) {
			waiter.result.setResult(ResponseEntity.ok()
				.header(Headers.INDEX, Long.toString(waiter.index))
				.body(new WatchApplied(waiter.service, waiter.index, applied)));
		}
	}

	private record Waiter(String service, long index, DeferredResult<ResponseEntity<WatchApplied>> result) {
	}

}
