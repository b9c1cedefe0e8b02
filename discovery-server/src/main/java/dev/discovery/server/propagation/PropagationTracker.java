package dev.discovery.server.propagation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.PropagationReport;
import dev.discovery.protocol.PropagationReport.Lagger;
import dev.discovery.protocol.PropagationReport.TimeToTruth;
import dev.discovery.server.propagation.ServiceTrack.OpenChange;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;
import dev.discovery.server.watch.WatchSubscribers;

/**
 * Knows, per change and per service, which subscribed clients have applied it: each change waits for the
 * subscribers of its service that were behind it when it was committed, and its time to truth is taken when the
 * last of them acknowledges it (or leaves). One lock guards everything; each operation touches only the open
 * changes of the services concerned.
 */
final class PropagationTracker implements RegistryListener, WatchSubscribers {

	private final SubscriberIndex subscribers = new SubscriberIndex();

	private final Map<String, ServiceTrack> tracks = new HashMap<>();

	private final PropagationProperties properties;

	private final PropagationMeters meters;

	private final Clock clock;

	private final LongSupplier nanoTime;

	private final SecureRandom random = new SecureRandom();

	private final List<Runnable> onProgress = new ArrayList<>();

	private long sequence;

	PropagationTracker(PropagationProperties properties, PropagationMeters meters, Clock clock, LongSupplier nanoTime) {
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		this.nanoTime = nanoTime;
	}

	/** Runs after every acknowledgement and every subscriber leaving, outside the lock. */
	void onProgress(Runnable listener) {
		this.onProgress.add(listener);
	}

	@Override
	public void onChange(RegistryChange change) {
		long now = this.nanoTime.getAsLong();
		synchronized (this) {
			ServiceTrack track = track(change.service());
			track.lastIndex = change.index();
			int behind = this.subscribers.behind(change.service(), change.index());
			if (behind > 0) {
				track.opened(change.index(), now, this.clock.instant(), behind,
						(took) -> this.meters.record(change.service(), took));
			}
		}
	}

	@Override
	public String opened(Set<String> services, long startIndex, @Nullable String watcher, String address) {
		byte[] secret = new byte[16];
		this.random.nextBytes(secret);
		String id = HexFormat.of().formatHex(secret);
		synchronized (this) {
			if (watcher == null) {
				this.subscribers.addPassive(id, services);
				return id;
			}
			String name = watcher.isBlank() ? "anonymous" : watcher.strip();
			String label = name.substring(0, Math.min(100, name.length())) + "#" + (++this.sequence);
			this.subscribers.add(new Subscriber(id, label, address, services, startIndex));
		}
		return id;
	}

	@Override
	public void closed(String id) {
		synchronized (this) {
			Subscriber subscriber = this.subscribers.remove(id);
			if (subscriber == null) {
				return;
			}
			// Whatever it had not applied waits for it no more: it counts as reached now, at its full age.
			advance(subscriber, Long.MAX_VALUE);
		}
		progressed();
	}

	/**
	 * A subscriber applied the acknowledged indexes, each some time ago.
	 * @return {@code false} if no open stream has that id
	 */
	boolean applied(String id, Acknowledgement acknowledgement) {
		synchronized (this) {
			Subscriber subscriber = this.subscribers.get(id);
			if (subscriber == null) {
				return false;
			}
			this.meters.acknowledged();
			for (Acknowledgement.Applied applied : acknowledgement.applied()) {
				if (applied.index() > subscriber.applied) {
					advance(subscriber, applied.index(), applied.held().toNanos());
				}
			}
		}
		progressed();
		return true;
	}

	/** A subscriber applied every change up to {@code index}, {@code delay} ago. */
	boolean applied(String id, long index, Duration delay) {
		return applied(id, new Acknowledgement(List.of(new Acknowledgement.Applied(index, delay))));
	}

	private void advance(Subscriber subscriber, long to) {
		advance(subscriber, to, 0);
	}

	private void advance(Subscriber subscriber, long to, long delayNanos) {
		long at = this.nanoTime.getAsLong() - Math.max(0, delayNanos);
		long from = subscriber.applied;
		subscriber.applied = to;
		for (ServiceTrack track : tracksOf(subscriber)) {
			track.advanced(from, to, at, (took) -> this.meters.record(track.service, took));
		}
	}

	private Iterable<ServiceTrack> tracksOf(Subscriber subscriber) {
		if (subscriber.watchesAll()) {
			return this.tracks.values().stream().filter((track) -> !track.open.isEmpty()).toList();
		}
		List<ServiceTrack> of = new ArrayList<>(subscriber.services.size());
		for (String service : subscriber.services) {
			ServiceTrack track = this.tracks.get(service);
			if (track != null && !track.open.isEmpty()) {
				of.add(track);
			}
		}
		return of;
	}

	private ServiceTrack track(String service) {
		return this.tracks.computeIfAbsent(service, (name) -> new ServiceTrack(name,
				this.properties.getMaxSamples(), this.properties.getMaxOpenChanges()));
	}

	/** Whether every subscriber of the service has applied every change up to {@code index}. */
	synchronized boolean appliedBy(String service, long index) {
		return this.subscribers.behind(service, index) == 0;
	}

	/** The service's last change index, 0 if none was seen. */
	synchronized long lastIndex(String service) {
		ServiceTrack track = this.tracks.get(service);
		return (track != null) ? track.lastIndex : 0;
	}

	synchronized int subscriberCount() {
		return this.subscribers.count();
	}

	/** Subscribers behind for longer than the lag threshold, over every service. */
	synchronized int laggingCount() {
		int lagging = 0;
		for (ServiceTrack track : this.tracks.values()) {
			lagging += laggers(track).size();
		}
		return lagging;
	}

	/** The service's time to truth and lagging subscribers. */
	synchronized PropagationReport report(String service) {
		int unacknowledged = this.subscribers.unacknowledged(service);
		ServiceTrack track = this.tracks.get(service);
		List<Subscriber> of = this.subscribers.of(service);
		if (track == null) {
			return new PropagationReport(service, 0, of.size(), unacknowledged, timeToTruth(new long[0], 0),
					List.of());
		}
		long[] durations = track.durations(this.nanoTime.getAsLong(), this.properties.getWindow().toNanos(),
				this.properties.getLagThreshold().toNanos());
		return new PropagationReport(service, track.lastIndex, of.size(), unacknowledged,
				timeToTruth(durations, track.open.size()), laggers(track));
	}

	/** Every service with changes or subscribers, by name. */
	synchronized List<PropagationReport> reports() {
		Set<String> names = new java.util.TreeSet<>(this.tracks.keySet());
		names.addAll(this.subscribers.namedServices());
		return names.stream().map(this::report).toList();
	}

	private List<Lagger> laggers(ServiceTrack track) {
		long now = this.nanoTime.getAsLong();
		Instant wallNow = this.clock.instant();
		List<Lagger> laggers = new ArrayList<>();
		for (Subscriber subscriber : this.subscribers.of(track.service)) {
			OpenChange oldest = (subscriber.applied < track.lastIndex) ? track.oldestAfter(subscriber.applied) : null;
			if (oldest == null) {
				continue;
			}
			Duration lag = Duration.ofNanos(now - oldest.nanos);
			if (lag.compareTo(this.properties.getLagThreshold()) > 0) {
				laggers.add(new Lagger(subscriber.label, subscriber.address, subscriber.applied,
						track.lastIndex - subscriber.applied, wallNow.minus(lag), lag.toMillis()));
			}
		}
		laggers.sort(Comparator.comparingLong(Lagger::lagMillis).reversed());
		return laggers;
	}

	private TimeToTruth timeToTruth(long[] durations, int open) {
		String window = Durations.format(this.properties.getWindow());
		if (durations.length == 0) {
			return new TimeToTruth(window, 0, open, null, null, null);
		}
		Arrays.sort(durations);
		return new TimeToTruth(window, durations.length, open, millis(percentile(durations, 0.50)),
				millis(percentile(durations, 0.99)), millis(durations[durations.length - 1]));
	}

	/** Nearest rank: the smallest value with at least that share of values at or below it. */
	static long percentile(long[] sorted, double share) {
		int rank = (int) Math.ceil(share * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	private static Double millis(long nanos) {
		return Math.round(nanos / 10_000.0) / 100.0;
	}

	private void progressed() {
		for (Runnable listener : this.onProgress) {
			listener.run();
		}
	}

}
