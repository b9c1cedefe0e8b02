package dev.discovery.protocol;

import java.util.List;
import java.util.Map;

/**
 * The data of a {@code snapshot} watch event: every watched service with its instances, as of {@code index}.
 * Changes with a higher index follow; one of them may repeat what the snapshot already shows, so apply them as
 * idempotent puts and removals.
 *
 * @param index the registry index the snapshot is at least as new as
 * @param services the instances of each watched service, sorted by id; a named service with no instances maps to
 * an empty list
 */
public record WatchSnapshot(long index, Map<String, List<InstanceView>> services) {
}
