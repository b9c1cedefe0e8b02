package dev.discovery.server.etcd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.watch.WatchEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.etcd.EtcdKeys.Key;
import dev.discovery.server.etcd.EtcdKeys.Kind;
import dev.discovery.server.etcd.MirrorListener.Mirrored;

/**
 * Turns what etcd holds under the registry's prefix into calls of a {@link MirrorListener}: a read of the whole
 * prefix into a reset, a batch of watch events into puts, removals and member changes. Keeps the live members between
 * batches. Its caller applies one read or batch at a time, in revision order.
 */
final class MirrorTranslator {

	/** The mirror's logger: operators follow one category for the mirror. */
	private static final Log logger = LogFactory.getLog(EtcdMirror.class);

	private final EtcdKeys keys;

	private final InstanceCodec codec;

	private final MirrorListener listener;

	private final Set<String> members = new HashSet<>();

	MirrorTranslator(EtcdKeys keys, InstanceCodec codec, MirrorListener listener) {
		this.keys = keys;
		this.codec = codec;
		this.listener = listener;
	}

	/** Decodes a read of the whole prefix; keys it cannot read are left out. Touches no state. */
	Prefix read(List<KeyValue> kvs) {
		List<Mirrored> instances = new ArrayList<>();
		Set<String> live = new HashSet<>();
		for (KeyValue kv : kvs) {
			Key key = this.keys.parse(kv.getKey());
			if (key != null && key.kind() == Kind.INSTANCE) {
				Mirrored instance = decode(key, kv);
				if (instance != null) {
					instances.add(instance);
				}
			}
			else if (key != null && key.kind() == Kind.MEMBER) {
				live.add(key.name());
			}
		}
		return new Prefix(instances, live);
	}

	/** Tells the listener of a read of the whole prefix at {@code revision}. */
	void reset(long revision, Prefix prefix) {
		this.listener.reset(revision, prefix.instances());
		this.members.clear();
		this.members.addAll(prefix.members());
		this.listener.members(Set.copyOf(this.members));
	}

	/**
	 * Tells the listener of the events after {@code applied}, the last revision it was told of.
	 * @return the last revision among the events, {@code applied} if none was after it
	 */
	long apply(List<WatchEvent> events, long applied) {
		boolean membersChanged = false;
		long last = applied;
		for (WatchEvent event : events) {
			KeyValue kv = event.getKeyValue();
			long at = kv.getModRevision();
			if (at <= applied) {
				// Already applied before the watch was opened again.
				continue;
			}
			Key key = this.keys.parse(kv.getKey());
			if (key == null) {
				continue;
			}
			boolean put = event.getEventType() == WatchEvent.EventType.PUT;
			if (key.kind() == Kind.INSTANCE && put) {
				Mirrored instance = decode(key, kv);
				if (instance != null) {
					this.listener.put(instance, kv.getCreateRevision() == at);
				}
			}
			else if (key.kind() == Kind.INSTANCE) {
				this.listener.removed(key.service(), key.name(), at, tombstoned(events, key, at));
			}
			else if (key.kind() == Kind.MEMBER) {
				membersChanged |= put ? this.members.add(key.name()) : this.members.remove(key.name());
			}
			last = Math.max(last, at);
		}
		if (membersChanged) {
			this.listener.members(Set.copyOf(this.members));
		}
		return last;
	}

	/** Whether a replica wrote why the key went, in the same transaction as the delete. */
	private boolean tombstoned(List<WatchEvent> events, Key deleted, long at) {
		for (WatchEvent event : events) {
			KeyValue kv = event.getKeyValue();
			if (kv.getModRevision() == at && event.getEventType() == WatchEvent.EventType.PUT) {
				Key key = this.keys.parse(kv.getKey());
				if (key != null && key.kind() == Kind.REMOVED && key.service().equals(deleted.service())
						&& key.name().equals(deleted.name())) {
					return true;
				}
			}
		}
		return false;
	}

	private @Nullable Mirrored decode(Key key, KeyValue kv) {
		try {
			return new Mirrored(this.codec.decode(key.service(), key.name(), kv.getValue(), kv.getModRevision(), null),
					kv.getLease());
		}
		catch (RuntimeException ex) {
			logger.warn("Ignored etcd key " + kv.getKey() + ": " + ex.getMessage());
			return null;
		}
	}

	/**
	 * What a read of the whole prefix holds.
	 *
	 * @param instances every instance that could be decoded
	 * @param members the ids of every replica with a membership key
	 */
	record Prefix(List<Mirrored> instances, Set<String> members) {
	}

}
