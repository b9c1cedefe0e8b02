package dev.discovery.server.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The registry's change index and the listeners that hear of each change. The registry calls it under its write
 * lock, so the index and the order in which listeners hear of changes always agree.
 * <p>
 * Listeners are isolated from each other and from the writer: one that throws is logged (at most once per
 * {@link #LOG_EVERY_NANOS} per listener, with how many failures were not logged) and counted, and the change still
 * reaches every other listener and the writer still succeeds.
 */
final class ChangeFeed {

	private static final Log logger = LogFactory.getLog(ChangeFeed.class);

	static final long LOG_EVERY_NANOS = 10_000_000_000L;

	private final AtomicLong index = new AtomicLong();

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final AtomicLong failures = new AtomicLong();

	void addListener(RegistryListener listener) {
		this.subscribers.add(new Subscriber(listener));
	}

	List<RegistryListener> listeners() {
		return this.subscribers.stream().map((subscriber) -> subscriber.listener).toList();
	}

	long failures() {
		return this.failures.get();
	}

	long index() {
		return this.index.get();
	}

	long next() {
		return this.index.get() + 1;
	}

	void raiseTo(long savedIndex) {
		this.index.accumulateAndGet(savedIndex, Math::max);
	}

	RegistryChange publish(RegistryChange change) {
		this.index.set(change.index());
		for (Subscriber subscriber : this.subscribers) {
			try {
				subscriber.listener.onChange(change);
			}
			catch (RuntimeException | LinkageError | AssertionError ex) {
				failed(subscriber, "change " + change.index(), ex);
			}
		}
		return change;
	}

	void heartbeat(RegisteredInstance renewed) {
		for (Subscriber subscriber : this.subscribers) {
			try {
				subscriber.listener.onHeartbeat(renewed);
			}
			catch (RuntimeException | LinkageError | AssertionError ex) {
				failed(subscriber, "a heartbeat of " + renewed.service() + "/" + renewed.id(), ex);
			}
		}
	}

	private void failed(Subscriber subscriber, String what, Throwable ex) {
		this.failures.incrementAndGet();
		long unlogged = subscriber.unlogged.incrementAndGet();
		long now = System.nanoTime();
		long last = subscriber.lastLogged.get();
		if (now - last >= LOG_EVERY_NANOS && subscriber.lastLogged.compareAndSet(last, now)) {
			subscriber.unlogged.addAndGet(-unlogged);
			logger.error("Registry listener " + subscriber.listener + " failed on " + what
					+ ((unlogged > 1) ? " (" + (unlogged - 1) + " earlier failures not logged)" : ""), ex);
		}
	}

	private static final class Subscriber {

		final RegistryListener listener;

		final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

		final AtomicLong unlogged = new AtomicLong();

		Subscriber(RegistryListener listener) {
			this.listener = listener;
		}

	}

}
