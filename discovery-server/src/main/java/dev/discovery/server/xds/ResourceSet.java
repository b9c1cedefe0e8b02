package dev.discovery.server.xds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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

	/**
	 * The entries are spread over this many immutable maps by name, so an update copies only the maps of the names it
	 * changes (and this many references), not every resource of the type.
	 */
	private static final int SHARDS = 64;

	private static final Map<String, Entry> NONE = Map.of();

	private final Map<String, Entry>[] shards;

	private final int size;

	private final long lastChange;

	private final long lastRemoval;

	private final String epoch;

	ResourceSet(String epoch) {
		this(empty(), 0, 0, 0, epoch);
	}

	private ResourceSet(Map<String, Entry>[] shards, int size, long lastChange, long lastRemoval, String epoch) {
		this.shards = shards;
		this.size = size;
		this.lastChange = lastChange;
		this.lastRemoval = lastRemoval;
		this.epoch = epoch;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Entry>[] empty() {
		Map<String, Entry>[] shards = new Map[SHARDS];
		Arrays.fill(shards, NONE);
		return shards;
	}

	/**
	 * The set after some resources changed.
	 * @param updates resources to add or replace, by name; those equal to what the set holds keep their version
	 * @param removals names to remove
	 * @param index the change index to version what changed with
	 * @return the new set, or this one when nothing changed
	 */
	ResourceSet with(Map<String, ? extends Message> updates, Collection<String> removals, long index) {
		return with(updates, Map.of(), removals, index);
	}

	/**
	 * The set after some resources changed, each versioned with its own index.
	 * @param updates resources to add or replace, by name; those equal to what the set holds keep their version
	 * @param indexes the change index of each update (at most {@code index}); updates not in it get {@code index}
	 * @param removals names to remove
	 * @param index the registry index the change was read at: the set's last change, and the version of removals
	 * @return the new set, or this one when nothing changed
	 */
	ResourceSet with(Map<String, ? extends Message> updates, Map<String, Long> indexes, Collection<String> removals,
			long index) {
		Map<Integer, Map<String, Entry>> touched = new HashMap<>();
		int size = this.size;
		boolean removed = false;
		for (Map.Entry<String, ? extends Message> update : updates.entrySet()) {
			Entry current = entry(update.getKey());
			if (current == null || !current.resource().resource().equals(update.getValue())) {
				long changed = indexes.getOrDefault(update.getKey(), index);
				Entry next = new Entry(VersionedResource.create(update.getValue(), format(changed)), changed);
				if (touched(touched, update.getKey()).put(update.getKey(), next) == null) {
					size++;
				}
			}
		}
		for (String name : removals) {
			if (entry(name) != null && touched(touched, name).remove(name) != null) {
				size--;
				removed = true;
			}
		}
		if (touched.isEmpty()) {
			return this;
		}
		Map<String, Entry>[] shards = this.shards.clone();
		touched.forEach((shard, entries) -> shards[shard] = Map.copyOf(entries));
		return new ResourceSet(shards, size, index, removed ? index : this.lastRemoval, this.epoch);
	}

	/** The copy of the map holding the name, to change; made on first use within one update. */
	private Map<String, Entry> touched(Map<Integer, Map<String, Entry>> touched, String name) {
		return touched.computeIfAbsent(shard(name), (shard) -> new HashMap<>(this.shards[shard]));
	}

	private static int shard(String name) {
		int hash = name.hashCode();
		return (hash ^ (hash >>> 16)) & (SHARDS - 1);
	}

	private @Nullable Entry entry(String name) {
		return this.shards[shard(name)].get(name);
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
			Entry entry = entry(name);
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
		List<Message> found = new ArrayList<>(names.isEmpty() ? this.size : names.size());
		if (names.isEmpty()) {
			for (Map<String, Entry> shard : this.shards) {
				shard.values().forEach((entry) -> found.add(entry.resource().resource()));
			}
			return found;
		}
		for (String name : names) {
			Entry entry = entry(name);
			if (entry != null) {
				found.add(entry.resource().resource());
			}
		}
		return found;
	}

	/** The resource with its version, or {@code null} if the set does not hold it. */
	@Nullable VersionedResource<?> get(String name) {
		Entry entry = entry(name);
		return (entry != null) ? entry.resource() : null;
	}

	boolean contains(String name) {
		return entry(name) != null;
	}

	/** Every name in the set; a copy, made on each call. */
	Set<String> names() {
		Set<String> names = new HashSet<>(Math.max(16, this.size * 4 / 3 + 1));
		for (Map<String, Entry> shard : this.shards) {
			names.addAll(shard.keySet());
		}
		return names;
	}

	int size() {
		return this.size;
	}

	/** Versions carry the registry's run, so a client that kept a version across a registry restart is answered. */
	private String format(long index) {
		return index + "." + this.epoch;
	}

	private record Entry(VersionedResource<?> resource, long index) {
	}

}
