package dev.discovery.server.protection;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The instances protection mode holds back, each since the first of its scopes held it, and those it let go because
 * they were held too long, whose loss then goes through once, uncounted. Keys are {@code service/id}. Guarded by
 * protection mode's monitor.
 */
final class HeldInstances {

	private final Map<String, Hold> holds = new HashMap<>();

	private final Set<String> outlasted = new HashSet<>();

	/**
	 * Holds an instance, unless it is held already (it keeps its first time).
	 * @return whether it was not held before
	 */
	boolean hold(String service, String id, String tenant, Instant now) {
		return this.holds.putIfAbsent(ProtectionMode.key(service, id), new Hold(service, id, tenant, now)) == null;
	}

	@Nullable Hold get(String key) {
		return this.holds.get(key);
	}

	boolean contains(String key) {
		return this.holds.containsKey(key);
	}

	void release(String key) {
		this.holds.remove(key);
	}

	boolean isEmpty() {
		return this.holds.isEmpty();
	}

	/**
	 * Lets go of every instance held since {@code cutoff} or earlier, remembering each as outlasted.
	 * @return the holds that ended
	 */
	List<Hold> outlast(Instant cutoff) {
		List<Hold> due = this.holds.values().stream().filter((hold) -> !hold.since().isAfter(cutoff)).toList();
		for (Hold hold : due) {
			String key = ProtectionMode.key(hold.service(), hold.id());
			this.holds.remove(key);
			this.outlasted.add(key);
		}
		return due;
	}

	/** Forgets that an instance outlasted its hold: whether it had. */
	boolean forgetOutlasted(String key) {
		return this.outlasted.remove(key);
	}

	boolean anyOutlasted() {
		return !this.outlasted.isEmpty();
	}

	/** An instance held back, by its service's scope, its tenant's or both, since the first of them held it. */
	record Hold(String service, String id, String tenant, Instant since) {
	}

}
