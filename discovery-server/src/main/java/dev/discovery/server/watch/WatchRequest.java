package dev.discovery.server.watch;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a watcher asked for.
 *
 * @param services the services to watch; empty for all
 * @param passingOnly whether the snapshot leaves out instances that should not get traffic
 * @param resumeFrom the last index the watcher has seen, from {@code Last-Event-ID} or {@code ?index=}, or
 * {@code null} for a fresh snapshot
 * @param epoch the epoch {@code resumeFrom} belongs to, or {@code null} if the watcher did not say
 */
record WatchRequest(Set<String> services, boolean passingOnly, @Nullable Long resumeFrom, @Nullable String epoch) {
}
