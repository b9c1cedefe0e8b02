package dev.discovery.server.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.ServiceSummary;

/**
 * The instances of one service and the index of the service's last change.
 */
final class ServiceBucket {

	/** Stands in for a service with no instances; the registry only reads and removes from it. */
	static final ServiceBucket NONE = new ServiceBucket();

	final Map<String, RegisteredInstance> instances = new ConcurrentHashMap<>();

	volatile long index;

	/** Instances that should get traffic, kept as changes happen so a summary costs nothing to build. */
	private volatile int passing;

	/** Moves on every change to any instance, a heartbeat included: a rendered list is good while it stands. */
	private final AtomicLong version = new AtomicLong();

	/** Renderings kept until what they show changes: at most one per kind of rendering. */
	private final Map<Rendering<?>, Rendered> renderings = new ConcurrentHashMap<>(4);

	List<RegisteredInstance> sorted(boolean passingOnly) {
		return this.instances.values()
			.stream()
			.filter((instance) -> !passingOnly || instance.passing())
			.sorted(Comparator.comparing(RegisteredInstance::id))
			.toList();
	}

	/**
	 * A rendering of the instances, made again only after something it shows changed: reads of a service far
	 * outnumber the changes to it.
	 * @param <T> what the rendering makes
	 * @param rendering the kind of rendering
	 * @return the rendering
	 */
	@SuppressWarnings("unchecked")
	<T> T rendered(Rendering<T> rendering) {
		// Read the index and version before the instances: a change during rendering leaves the result stale.
		long index = this.index;
		long version = this.version.get();
		long key = rendering.showsLiveness() ? version : index;
		Rendered cached = this.renderings.get(rendering);
		if (cached != null && cached.key() == key) {
			return (T) cached.value();
		}
		T value = rendering.render(index, version, sorted(rendering.passingOnly()));
		this.renderings.put(rendering, new Rendered(key, value));
		return value;
	}

	/** Records that an instance changed; called after the change is in the map. */
	void touch() {
		this.version.incrementAndGet();
	}

	ServiceSummary summary(String name) {
		return new ServiceSummary(name, this.instances.size(), this.passing, this.index);
	}

	/**
	 * Accounts for one instance record replacing another; called under the registry's write lock.
	 * @param before the record replaced, or {@code null} for a new instance
	 * @param after the new record, or {@code null} for a removal
	 */
	void replaced(@Nullable RegisteredInstance before, @Nullable RegisteredInstance after) {
		touch();
		int delta = ((after != null && after.passing()) ? 1 : 0) - ((before != null && before.passing()) ? 1 : 0);
		if (delta != 0) {
			this.passing += delta;
		}
	}

	private record Rendered(long key, Object value) {
	}

}
