package dev.discovery.client.watch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.WatchChange;
import dev.discovery.protocol.WatchSnapshot;

/**
 * The passing instances of the services this application watches, as the watch stream last described them. Reads
 * are lock-free lookups of immutable lists; the one watch thread writes. The view is never emptied because the
 * registry went away: it keeps the last known good state until a snapshot replaces it.
 */
public class RegistryView {

	private static final Comparator<InstanceView> BY_ID = Comparator.comparing(InstanceView::instanceId);

	private final Map<String, List<InstanceView>> services = new ConcurrentHashMap<>();

	private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

	private volatile long index;

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
	 * Replaces the watched services' instances with a snapshot's.
	 * @param snapshot the snapshot
	 */
	public void apply(WatchSnapshot snapshot) {
		Set<String> changed = ConcurrentHashMap.newKeySet();
		snapshot.services().forEach((service, instances) -> {
			List<InstanceView> passing = instances.stream().filter(InstanceView::passing).sorted(BY_ID).toList();
			if (!passing.equals(this.services.put(service, passing))) {
				changed.add(service);
			}
		});
		this.index = snapshot.index();
		notify(changed);
	}

	/**
	 * Applies one change: a passing instance is put, anything else removed.
	 * @param change the change
	 */
	public void apply(WatchChange change) {
		if (change.index() <= this.index) {
			return;
		}
		List<InstanceView> current = this.services.getOrDefault(change.service(), List.of());
		List<InstanceView> next = new ArrayList<>(current.size() + 1);
		current.stream().filter((i) -> !i.instanceId().equals(change.instanceId())).forEach(next::add);
		if (change.passing() && change.instance() != null) {
			next.add(change.instance());
			next.sort(BY_ID);
		}
		this.services.put(change.service(), List.copyOf(next));
		this.index = change.index();
		if (!next.equals(current)) {
			notify(Set.of(change.service()));
		}
	}

	private void notify(Set<String> changed) {
		if (!changed.isEmpty()) {
			this.listeners.forEach((listener) -> listener.accept(changed));
		}
	}

}
