package dev.discovery.client.watch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The services a watch asks for, with when each was last looked up, and a generation that moves whenever the set
 * changes, so a stream opened for an older set is rebuilt. Services not looked up for {@code forgetAfter} are dropped.
 */
final class WatchSubscriptions {

	private static final Log logger = LogFactory.getLog(RegistryWatch.class);

	/** The watched services, with when each was last looked up (monotonic nanos). */
	private final Map<String, Long> services = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	private final RegistryView view;

	private final Runnable changed;

	private volatile Duration forgetAfter = Duration.ofMinutes(10);

	/**
	 * Creates an empty set.
	 * @param view the view a dropped service is removed from
	 * @param changed told after the set changed (the generation has moved by then)
	 */
	WatchSubscriptions(RegistryView view, Runnable changed) {
		this.view = view;
		this.changed = changed;
	}

	void forgetAfter(Duration forgetAfter) {
		this.forgetAfter = forgetAfter;
	}

	/** Adds a service, or notes that it was looked up again; {@code true} if it is new. */
	boolean add(String service) {
		boolean added = this.services.put(service, System.nanoTime()) == null;
		if (added) {
			changed();
		}
		return added;
	}

	/** Notes that a watched service was looked up. */
	void touch(String service) {
		this.services.replace(service, System.nanoTime());
	}

	/** Drops a service, from the view too; {@code true} if it was watched. */
	boolean remove(String service) {
		boolean removed = this.services.remove(service) != null;
		if (removed) {
			this.view.remove(service);
			changed();
		}
		return removed;
	}

	boolean contains(String service) {
		return this.services.containsKey(service);
	}

	boolean isEmpty() {
		return this.services.isEmpty();
	}

	int size() {
		return this.services.size();
	}

	Set<String> names() {
		return Set.copyOf(this.services.keySet());
	}

	/** Moves whenever the set changes. */
	long generation() {
		return this.generation.get();
	}

	/** Drops the services not looked up for {@code forgetAfter}; called periodically. */
	void forgetUnused() {
		Duration after = this.forgetAfter;
		if (after.isZero() || after.isNegative()) {
			return;
		}
		long now = System.nanoTime();
		this.services.forEach((service, lastUsed) -> {
			if (now - lastUsed > after.toNanos() && this.services.remove(service, lastUsed)) {
				logger.info("No longer watching " + service + ": not looked up for " + after);
				this.view.remove(service);
				changed();
			}
		});
	}

	private void changed() {
		this.generation.incrementAndGet();
		this.changed.run();
	}

}
