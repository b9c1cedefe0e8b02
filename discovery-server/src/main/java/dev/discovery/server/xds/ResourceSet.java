package dev.discovery.server.xds;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.VersionedResource;
import org.jspecify.annotations.Nullable;

/**
 * The resources of one xDS type at one moment, each with the change index at which its content last changed.
 * Immutable: an update makes a new set.
 * <p>
 * The version a client is told for a list of names is the newest index among them, so it moves exactly when one of
 * the named resources changes and a client is never woken by changes to resources it did not ask for. A name that
 * does not exist counts as the type's last removal, which moves when a named resource goes away. An empty list (a
 * wildcard subscription) gets the index of the type's last change.
 */
final class ResourceSet {

	private final Map<String, Entry> entries;

	private final long lastChange;

	private final long lastRemoval;

	private final String epoch;

	ResourceSet(String epoch) {
		this(Map.of(), 0, 0, epoch);
	}

	private ResourceSet(Map<String, Entry> entries, long lastChange, long lastRemoval, String epoch) {
		this.entries = entries;
		this.lastChange = lastChange;
		this.lastRemoval = lastRemoval;
		this.epoch = epoch;
	}

	/**
	 * The set after some resources changed.
	 * @param updates resources to add or replace, by name; those equal to what the set holds keep their version
	 * @param removals names to remove
	 * @param index the change index to version what changed with
	 * @return the new set, or this one when nothing changed
	 */
	ResourceSet with(Map<String, ? extends Message> updates, Collection<String> removals, long index) {
		Map<String, Entry> next = null;
		boolean removed = false;
		for (Map.Entry<String, ? extends Message> update : updates.entrySet()) {
			Entry current = this.entries.get(update.getKey());
			if (current == null || !current.resource().resource().equals(update.getValue())) {
				next = (next != null) ? next : new HashMap<>(this.entries);
				next.put(update.getKey(), new Entry(VersionedResource.create(update.getValue(), format(index)), index));
			}
		}
		for (String name : removals) {
			if (this.entries.containsKey(name)) {
				next = (next != null) ? next : new HashMap<>(this.entries);
				next.remove(name);
				removed = true;
			}
		}
		if (next == null) {
			return this;
		}
		return new ResourceSet(Map.copyOf(next), index, removed ? index : this.lastRemoval, this.epoch);
	}

	/**
	 * The version of the named resources, or of the whole set for an empty list.
	 * @param names the names a client asked for
	 * @return the version
	 */
	String version(Collection<String> names) {
		if (names.isEmpty()) {
			return format(this.lastChange);
		}
		long version = 0;
		for (String name : names) {
			Entry entry = this.entries.get(name);
			version = Math.max(version, (entry != null) ? entry.index() : this.lastRemoval);
		}
		return format(version);
	}

	/**
	 * The named resources that exist, or all of them for an empty list.
	 * @param names the names a client asked for
	 * @return the resources, in the order asked
	 */
	List<Message> resources(Collection<String> names) {
		Collection<String> wanted = names.isEmpty() ? this.entries.keySet() : names;
		List<Message> found = new ArrayList<>(wanted.size());
		for (String name : wanted) {
			Entry entry = this.entries.get(name);
			if (entry != null) {
				found.add(entry.resource().resource());
			}
		}
		return found;
	}

	/** The resource with its version, or {@code null} if the set does not hold it. */
	@Nullable VersionedResource<?> get(String name) {
		Entry entry = this.entries.get(name);
		return (entry != null) ? entry.resource() : null;
	}

	boolean contains(String name) {
		return this.entries.containsKey(name);
	}

	Set<String> names() {
		return this.entries.keySet();
	}

	/** Versions carry the registry's run, so a client that kept a version across a registry restart is answered. */
	private String format(long index) {
		return index + "." + this.epoch;
	}

	private record Entry(VersionedResource<?> resource, long index) {
	}

}
