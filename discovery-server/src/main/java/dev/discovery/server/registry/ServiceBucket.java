package dev.discovery.server.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

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

	private volatile @Nullable Rendered renderedPassing;

	List<RegisteredInstance> sorted(boolean passingOnly) {
		return this.instances.values()
			.stream()
			.filter((instance) -> !passingOnly || instance.passing())
			.sorted(Comparator.comparing(RegisteredInstance::id))
			.toList();
	}

	/**
	 * The passing instances rendered (as JSON, say), rendered again only after something changed: reads of a
	 * service far outnumber the changes to it.
	 * @param render how to render the sorted passing instances
	 * @return the rendering
	 */
	byte[] renderedPassing(Function<List<RegisteredInstance>, byte[]> render) {
		// Read the version before the instances: a change during rendering leaves the result already stale.
		long current = this.version.get();
		Rendered cached = this.renderedPassing;
		if (cached != null && cached.version() == current) {
			return cached.body();
		}
		byte[] body = render.apply(sorted(true));
		this.renderedPassing = new Rendered(current, body);
		return body;
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

	private record Rendered(long version, byte[] body) {
	}

}
