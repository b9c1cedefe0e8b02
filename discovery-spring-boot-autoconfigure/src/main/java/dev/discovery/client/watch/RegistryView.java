package dev.discovery.client.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.WatchChange;
import dev.discovery.protocol.WatchSnapshot;

/**
 * The passing instances of the services this application watches, as the watch stream last described them. Reads
 * are lock-free lookups of immutable lists; the one watch thread writes. The view is never emptied because the
 * registry went away: it keeps the last known good state until a snapshot replaces it.
 * <p>
 * A snapshot from a new epoch (a restarted registry, or another one after a fail-over) does not drop the instances
 * the view knew, unless that registry says it restored its state: each is <em>held</em> for one lease TTL of its own,
 * until the new registry lists it, announces its removal, or has had the time to hear from it (instances fail over
 * and re-register there within a heartbeat or two).
 */
public class RegistryView {

	private static final Comparator<InstanceView> BY_ID = Comparator.comparing(InstanceView::instanceId);

	private static final Duration DEFAULT_TTL = Duration.ofSeconds(15);

	private static final Duration LONGEST_HOLD = Duration.ofMinutes(5);

	private final Map<String, List<InstanceView>> services = new ConcurrentHashMap<>();

	/** What the registry lists now, per service, when instances are held beside it. */
	private final Map<String, List<InstanceView>> listed = new HashMap<>();

	/** Instances of an earlier epoch kept until their deadline (monotonic nanos), per service and id. */
	private final Map<String, Map<String, Held>> held = new HashMap<>();

	private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

	private final LongSupplier nanoTime;

	private volatile long index;

	private volatile @Nullable String epoch;

	/** A view on the system's monotonic time. */
	public RegistryView() {
		this(System::nanoTime);
	}

	/**
	 * A view on the given monotonic time, for tests.
	 * @param nanoTime the time source, in nanoseconds
	 */
	public RegistryView(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * Adds a listener told the names of the services whose instances changed.
	 * @param listener the listener, called on the watch thread
	 */
	public void addListener(Consumer<Set<String>> listener) {
		this.listeners.add(listener);
	}

	/**
	 * A service's passing instances.
	 * @param service the service name
	 * @return the instances, or {@code null} if this view does not hold the service
	 */
	public @Nullable List<InstanceView> instances(String service) {
		return this.services.get(service);
	}

	/**
	 * The registry index the view is at.
	 * @return the index of the last snapshot or change applied
	 */
	public long index() {
		return this.index;
	}

	/**
	 * The epoch the view's index belongs to.
	 * @return the epoch of the last snapshot, or {@code null} before one (or from a registry without epochs)
	 */
	public @Nullable String epoch() {
		return this.epoch;
	}

	/**
	 * How many instances are held from an earlier epoch, not (yet) confirmed by the current registry.
	 * @return the count
	 */
	public synchronized int heldCount() {
		return this.held.values().stream().mapToInt(Map::size).sum();
	}

	/**
	 * Replaces the watched services' instances with a snapshot's. From a new epoch of a registry that did not
	 * restore its state, the instances the view knew and the snapshot lacks are held rather than dropped.
	 * @param snapshot the snapshot
	 */
	public synchronized void apply(WatchSnapshot snapshot) {
		String previous = this.epoch;
		boolean newEpoch = previous != null && snapshot.epoch() != null && !previous.equals(snapshot.epoch());
		// Even a registry up for long has not heard from instances that talked to another one until now.
		boolean hold = newEpoch && !snapshot.restored();
		if (newEpoch && !hold) {
			// The new registry restored its state: it is the truth.
			this.held.clear();
		}
		Set<String> changed = new HashSet<>();
		long now = this.nanoTime.getAsLong();
		snapshot.services().forEach((service, instances) -> {
			List<InstanceView> passing = instances.stream().filter(InstanceView::passing).sorted(BY_ID).toList();
			if (hold) {
				holdMissing(service, passing, now);
			}
			this.listed.put(service, passing);
			if (publish(service)) {
				changed.add(service);
			}
		});
		this.index = snapshot.index();
		this.epoch = snapshot.epoch();
		notify(changed);
	}

	/**
	 * Applies one change: a passing instance is put, anything else removed.
	 * @param change the change
	 */
	public synchronized void apply(WatchChange change) {
		if (change.index() <= this.index) {
			return;
		}
		List<InstanceView> current = listed(change.service());
		List<InstanceView> next = new ArrayList<>(current.size() + 1);
		current.stream().filter((i) -> !i.instanceId().equals(change.instanceId())).forEach(next::add);
		if (change.passing() && change.instance() != null) {
			next.add(change.instance());
			next.sort(BY_ID);
		}
		this.listed.put(change.service(), List.copyOf(next));
		// Whatever the registry now says of a held instance replaces what an earlier epoch said.
		Map<String, Held> heldHere = this.held.get(change.service());
		if (heldHere != null && heldHere.remove(change.instanceId()) != null && heldHere.isEmpty()) {
			this.held.remove(change.service());
		}
		this.index = change.index();
		if (publish(change.service())) {
			notify(Set.of(change.service()));
		}
	}

	/**
	 * Drops held instances whose deadline has passed; called periodically.
	 */
	public synchronized void expireHeld() {
		long now = this.nanoTime.getAsLong();
		Set<String> changed = new HashSet<>();
		this.held.forEach((service, instances) -> {
			if (instances.values().removeIf((held) -> now - held.deadline() >= 0)) {
				changed.add(service);
			}
		});
		this.held.values().removeIf(Map::isEmpty);
		changed.removeIf((service) -> !publish(service));
		notify(changed);
	}

	/**
	 * Forgets a service the application no longer asks for.
	 * @param service the service name
	 */
	public synchronized void remove(String service) {
		this.services.remove(service);
		this.listed.remove(service);
		this.held.remove(service);
	}

	private void holdMissing(String service, List<InstanceView> passing, long now) {
		List<InstanceView> known = this.services.getOrDefault(service, List.of());
		Map<String, Held> heldHere = this.held.computeIfAbsent(service, (name) -> new HashMap<>());
		Set<String> listedIds = new HashSet<>();
		passing.forEach((instance) -> listedIds.add(instance.instanceId()));
		heldHere.keySet().removeAll(listedIds);
		for (InstanceView instance : known) {
			if (!listedIds.contains(instance.instanceId()) && !heldHere.containsKey(instance.instanceId())) {
				heldHere.put(instance.instanceId(), new Held(instance, now + ttl(instance).toNanos()));
			}
		}
		if (heldHere.isEmpty()) {
			this.held.remove(service);
		}
	}

	private List<InstanceView> listed(String service) {
		List<InstanceView> listed = this.listed.get(service);
		return (listed != null) ? listed : this.services.getOrDefault(service, List.of());
	}

	/** Publishes listed plus held instances; whether the published list changed. */
	private boolean publish(String service) {
		List<InstanceView> listed = listed(service);
		Map<String, Held> heldHere = this.held.get(service);
		List<InstanceView> next = listed;
		if (heldHere != null && !heldHere.isEmpty()) {
			List<InstanceView> merged = new ArrayList<>(listed);
			heldHere.values().forEach((held) -> merged.add(held.instance()));
			merged.sort(BY_ID);
			next = List.copyOf(merged);
		}
		List<InstanceView> before = this.services.put(service, next);
		return !next.equals(before);
	}

	/** The instance's own lease TTL: how long a registry needs at most to hear from it. */
	static Duration ttl(InstanceView instance) {
		Duration ttl = null;
		if (instance.leaseTtl() != null) {
			try {
				ttl = Durations.parse(instance.leaseTtl());
			}
			catch (IllegalArgumentException ex) {
				// fall through to the lease's own times
			}
		}
		if (ttl == null && instance.lastHeartbeat() != null && instance.leaseExpiresAt() != null) {
			ttl = Duration.between(instance.lastHeartbeat(), instance.leaseExpiresAt());
		}
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			return DEFAULT_TTL;
		}
		return (ttl.compareTo(LONGEST_HOLD) > 0) ? LONGEST_HOLD : ttl;
	}

	private void notify(Set<String> changed) {
		if (!changed.isEmpty()) {
			this.listeners.forEach((listener) -> listener.accept(changed));
		}
	}

	private record Held(InstanceView instance, long deadline) {
	}

}
