package dev.discovery.server.registry;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a store started from: whether it holds the registry's earlier state or started empty. A registry that did
 * not restore its state cannot know which instances exist until they send their next heartbeat or register again,
 * so it should say it is warming up for one lease TTL.
 *
 * @param restored whether the state from before this start was loaded (also when it held no instances)
 * @param instances how many instances were restored
 * @param skipped how many saved instances were refused (invalid, or beyond the capacity limits)
 * @param index the index the store continues after
 * @param savedAt when the state was saved or last changed, if known
 * @param source where the state came from, for people (a file, an etcd prefix), or why there was none
 */
public record StoreRecovery(boolean restored, int instances, int skipped, long index, @Nullable Instant savedAt,
		String source) {

	/**
	 * A store that started without earlier state.
	 * @param why why there was none, for people
	 * @return the outcome
	 */
	public static StoreRecovery none(String why) {
		return new StoreRecovery(false, 0, 0, 0, null, why);
	}

}
