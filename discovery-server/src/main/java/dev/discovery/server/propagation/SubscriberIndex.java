package dev.discovery.server.propagation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The open watch streams, by id and by watched service: the acknowledging subscribers whose progress is tracked, and
 * the streams that do not acknowledge, which are only counted. Guarded by the tracker's lock.
 */
final class SubscriberIndex {

	private final Map<String, Subscriber> subscribers = new HashMap<>();

	/** Subscribers by watched service; those that watch every service are in {@link #watchingAll}. */
	private final Map<String, Set<Subscriber>> byService = new HashMap<>();

	private final Set<Subscriber> watchingAll = new LinkedHashSet<>();

	/** Streams that do not acknowledge, by id: only counted. */
	private final Map<String, Set<String>> passive = new HashMap<>();

	void add(Subscriber subscriber) {
		this.subscribers.put(subscriber.id, subscriber);
		if (subscriber.watchesAll()) {
			this.watchingAll.add(subscriber);
		}
		else {
			subscriber.services.forEach((service) -> this.byService
				.computeIfAbsent(service, (s) -> new LinkedHashSet<>())
				.add(subscriber));
		}
	}

	/** A stream that does not acknowledge, watching {@code services} (every service if empty). */
	void addPassive(String id, Set<String> services) {
		this.passive.put(id, Set.copyOf(services));
	}

	/**
	 * Forgets the stream with that id, acknowledging or not.
	 * @return the subscriber it was, or {@code null} if it was passive or unknown
	 */
	@Nullable Subscriber remove(String id) {
		Subscriber subscriber = this.subscribers.remove(id);
		if (subscriber == null) {
			this.passive.remove(id);
			return null;
		}
		this.watchingAll.remove(subscriber);
		for (String service : subscriber.services) {
			Set<Subscriber> of = this.byService.get(service);
			if (of != null && of.remove(subscriber) && of.isEmpty()) {
				this.byService.remove(service);
			}
		}
		return subscriber;
	}

	@Nullable Subscriber get(String id) {
		return this.subscribers.get(id);
	}

	/** The subscribers of the service: those that name it, then those that watch every service. */
	List<Subscriber> of(String service) {
		Set<Subscriber> named = this.byService.getOrDefault(service, Set.of());
		if (this.watchingAll.isEmpty()) {
			return List.copyOf(named);
		}
		List<Subscriber> all = new ArrayList<>(named);
		all.addAll(this.watchingAll);
		return all;
	}

	/** How many subscribers of the service have not applied every change up to {@code index}. */
	int behind(String service, long index) {
		int behind = 0;
		for (Subscriber subscriber : of(service)) {
			if (subscriber.applied < index) {
				behind++;
			}
		}
		return behind;
	}

	int count() {
		return this.subscribers.size();
	}

	/** How many streams that do not acknowledge watch the service. */
	int unacknowledged(String service) {
		int unacknowledged = 0;
		for (Set<String> watched : this.passive.values()) {
			if (watched.isEmpty() || watched.contains(service)) {
				unacknowledged++;
			}
		}
		return unacknowledged;
	}

	/** The services some subscriber names. */
	Set<String> namedServices() {
		return this.byService.keySet();
	}

}
