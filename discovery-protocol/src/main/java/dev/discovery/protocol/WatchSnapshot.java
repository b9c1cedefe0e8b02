package dev.discovery.protocol;

import java.util.List;
import java.util.Map;

/**
 * The data of a {@code snapshot} watch event: every watched service with its instances, as of {@code index}.
 * Changes with a higher index follow; one of them may repeat what the snapshot already shows, so apply them as
 * idempotent puts and removals.
 * <p>
 * A watcher that held a view from another {@code epoch} (a restarted registry, or another one it failed over to)
 * must not treat an instance missing here as gone while {@code warmingUp} is {@code true}: the registry started
 * without restoring its state and has not yet had one lease TTL to hear from every instance.
 *
 * @param index the registry index the snapshot is at least as new as
 * @param services the instances of each watched service, sorted by id; a named service with no instances maps to
 * an empty list
 * @param epoch the identity of the index space, as in {@link Headers#EPOCH}; {@code null} from registries that
 * predate it
 * @param restored whether the registry restored its state when it started (from a snapshot or a shared store)
 * @param warmingUp whether the registry started without restored state less than one lease TTL ago
 */
public record WatchSnapshot(long index, Map<String, List<InstanceView>> services, String epoch,
		boolean restored, boolean warmingUp) {

	/**
	 * A snapshot without an epoch, as registries that predate epochs send.
	 * @param index the registry index
	 * @param services the instances of each watched service
	 */
	public WatchSnapshot(long index, Map<String, List<InstanceView>> services) {
		this(index, services, null, false, false);
	}

}
