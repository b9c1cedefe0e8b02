package dev.discovery.server.watch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

import dev.discovery.server.reads.EncodedList;
import dev.discovery.server.reads.InstanceLists;
import dev.discovery.server.registry.Registry;

/**
 * Blocking queries on one service's instances ({@code ?index=N&wait=D}). A query whose service has changed after
 * {@code N} is answered at once; otherwise it is parked as a {@link DeferredResult}, holding no thread, until the
 * dispatcher sees the service change or the wait (plus up to 1/16 of jitter, so waiters do not return in step)
 * ends.
 */
final class BlockingQueries {

	private final Registry registry;

	private final ChangeLog log;

	private final WatchMeters meters;

	private final InstanceLists answers;

	private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

	private final AtomicInteger waiting = new AtomicInteger();

	BlockingQueries(Registry registry, ChangeLog log, WatchMeters meters, InstanceLists answers) {
		this.registry = registry;
		this.answers = answers;
		this.log = log;
		this.meters = meters;
		meters.waitingGauge(this.waiting);
	}

	/**
	 * Answers now or parks the query.
	 * @param service the service name
	 * @param index the index the caller already has
	 * @param wait how long to wait at most, already capped
	 * @param passingOnly whether to leave out instances that should not get traffic
	 * @param full the full view rather than the compact one
	 * @param sameEpoch whether {@code index} belongs to this registry's epoch (a caller naming none is trusted)
	 * @param conditions the request's {@code If-None-Match} and {@code Accept-Encoding} headers
	 * @return the result, set now or later
	 */
	DeferredResult<ResponseEntity<?>> query(String service, long index, Duration wait, boolean passingOnly,
			boolean full, boolean sameEpoch, Conditions conditions) {
		Duration withJitter = wait.plusMillis(ThreadLocalRandom.current().nextLong(wait.toMillis() / 16 + 1));
		Waiter waiter = new Waiter(service, index, passingOnly, full, conditions,
				new DeferredResult<>(withJitter.toMillis()));
		// An index of another epoch says nothing about this registry's changes: answer with the current state.
		if (wait.isZero() || !sameEpoch || changedAfter(service, index)) {
			answer(waiter);
			return waiter.result;
		}
		park(waiter);
		this.meters.parked();
		waiter.result.onTimeout(() -> answerIfWaiting(waiter));
		waiter.result.onCompletion(() -> unpark(waiter));
		// A change between the check above and parking would otherwise be missed.
		if (changedAfter(service, index)) {
			answerIfWaiting(waiter);
		}
		return waiter.result;
	}

	/** Answers every query on the service that waits for a change older than {@code index}. */
	void changed(String service, long index) {
		Set<Waiter> parked = this.waiters.get(service);
		if (parked == null) {
			return;
		}
		for (Waiter waiter : parked) {
			if (waiter.index < index) {
				answerIfWaiting(waiter);
			}
		}
	}

	/** Answers every parked query now, when the server stops. */
	void answerAll() {
		this.waiters.values().forEach((parked) -> parked.forEach(this::answerIfWaiting));
	}

	int waiting() {
		return this.waiting.get();
	}

	private boolean changedAfter(String service, long index) {
		// An index from the future means the registry started over: the caller's view is stale.
		return this.log.serviceIndex(service) > index || index > this.registry.index();
	}

	private void park(Waiter waiter) {
		this.waiters.compute(waiter.service, (name, parked) -> {
			Set<Waiter> set = (parked != null) ? parked : ConcurrentHashMap.newKeySet();
			set.add(waiter);
			return set;
		});
		this.waiting.incrementAndGet();
	}

	private boolean unpark(Waiter waiter) {
		boolean[] removed = new boolean[1];
		this.waiters.computeIfPresent(waiter.service, (name, parked) -> {
			removed[0] = parked.remove(waiter);
			return parked.isEmpty() ? null : parked;
		});
		if (removed[0]) {
			this.waiting.decrementAndGet();
		}
		return removed[0];
	}

	private void answerIfWaiting(Waiter waiter) {
		if (unpark(waiter)) {
			answer(waiter);
		}
	}

	private void answer(Waiter waiter) {
		// Read the index first: the answer is then at least as new as the index it is sent with.
		long index = this.registry.index();
		EncodedList answer = this.answers.answer(waiter.service, waiter.passingOnly, waiter.full);
		waiter.result.setResult(InstanceLists.entity(index, answer, waiter.conditions.ifNoneMatch(),
				waiter.conditions.acceptEncoding()));
	}

	/**
	 * The request headers a blocking query's answer depends on, kept until it is answered.
	 *
	 * @param ifNoneMatch {@code If-None-Match}: the answer the client holds, which gets a {@code 304}
	 * @param acceptEncoding {@code Accept-Encoding}: gzip when it is accepted
	 */
	record Conditions(@Nullable String ifNoneMatch, @Nullable String acceptEncoding) {
	}

	/** One parked query; identity equality, so two equal queries are two waiters. */
	private static final class Waiter {

		final String service;

		final long index;

		final boolean passingOnly;

		final boolean full;

		final Conditions conditions;

		final DeferredResult<ResponseEntity<?>> result;

		Waiter(String service, long index, boolean passingOnly, boolean full, Conditions conditions,
				DeferredResult<ResponseEntity<?>> result) {
			this.service = service;
			this.index = index;
			this.passingOnly = passingOnly;
			this.full = full;
			this.conditions = conditions;
			this.result = result;
		}

	}

}
