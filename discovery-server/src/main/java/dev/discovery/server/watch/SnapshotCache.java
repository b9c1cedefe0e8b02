package dev.discovery.server.watch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The last snapshot encoded for each kind of watch request (its services and whether it wants passing instances
 * only), so streams opened at the same index share one encoded snapshot instead of each building and holding its
 * own. A snapshot is reused only at the index it was built for, so every stream still starts from the registry as
 * it is (a reconnecting crowd, or a crowd of stalled watchers, opens against an unchanged registry).
 */
final class SnapshotCache {

	private static final int MAX_ENTRIES = 32;

	private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
			return size() > MAX_ENTRIES;
		}

	};

	/**
	 * The snapshot a new stream starts with.
	 * @param request what the watcher asked for
	 * @param index the registry's index now
	 * @param encode builds the snapshot frame at an index
	 * @return the snapshot, possibly built for an earlier stream
	 */
	Snapshot get(WatchRequest request, long index, LongFunction<Frame> encode) {
		Key key = new Key(request.services(), request.passingOnly());
		Entry entry;
		synchronized (this) {
			entry = this.entries.get(key);
			if (entry == null || entry.index != index) {
				entry = new Entry(index);
				this.entries.put(key, entry);
			}
		}
		return new Snapshot(entry.index, entry.frame(encode));
	}

	record Snapshot(long index, Frame frame) {
	}

	private record Key(Set<String> services, boolean passingOnly) {
	}

	private static final class Entry {

		final long index;

		private Frame frame;

		Entry(long index) {
			this.index = index;
		}

		/** Built once, by the first stream that needs it; the others wait for it rather than build their own. */
		synchronized Frame frame(LongFunction<Frame> encode) {
			if (this.frame == null) {
				this.frame = encode.apply(this.index);
			}
			return this.frame;
		}

	}

}
