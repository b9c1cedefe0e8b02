package dev.discovery.server.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The listeners of a store's changes and heartbeats. A store publishes each change once, in index order, from one
 * thread at a time (the memory store under its write lock, a distributed store from its watch), so every listener
 * hears of changes in the order of their indexes.
 * <p>
 * Listeners are isolated from each other and from the writer: one that throws is logged (at most once per
 * {@link #LOG_EVERY_NANOS} per listener, with how many failures were not logged) and counted, and the change still
 * reaches every other listener and the writer still succeeds.
 */
public final class ChangeFeed {

	private static final Log logger = LogFactory.getLog(ChangeFeed.class);

	static final long LOG_EVERY_NANOS = 10_000_000_000L;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final AtomicLong failures = new AtomicLong();

	/**
	 * Subscribes a listener.
	 * @param listener the listener
	 */
	public void addListener(RegistryListener listener) {
		this.subscribers.add(new Subscriber(listener));
	}

	/**
	 * The subscribed listeners.
	 * @return the listeners, in the order they hear of changes
	 */
	public List<RegistryListener> listeners() {
		return this.subscribers.stream().map((subscriber) -> subscriber.listener).toList();
	}

	/**
	 * How many times a listener has thrown.
	 * @return the count
	 */
	public long failures() {
		return this.failures.get();
	}

	/**
	 * Tells every listener of a change.
	 * @param change the change
	 * @return the change
	 */
	public RegistryChange publish(RegistryChange change) {
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

	/**
	 * Tells every listener of a renewal.
	 * @param renewed the instance after the renewal
	 */
	public void heartbeat(RegisteredInstance renewed) {
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
