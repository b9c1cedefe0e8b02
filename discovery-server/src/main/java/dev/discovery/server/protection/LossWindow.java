package dev.discovery.server.protection;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Recent losses of one scope (a service, or the whole registry) and the instances held back from being lost.
 * Guarded by the {@link ProtectionMode} that owns it.
 */
final class LossWindow {

	private final Deque<Loss> losses = new ArrayDeque<>();

	private int removals;

	/**
	 * Members (instance ids, or service/id for the registry scope) kept although they fail or expired, each with
	 * whether its lease expired ({@code true}) or its check fails ({@code false}).
	 */
	final Map<String, Boolean> held = new LinkedHashMap<>();

	@Nullable Instant since;

	String reason = "";

	void prune(Instant cutoff) {
		while (!this.losses.isEmpty() && this.losses.peekFirst().at().isBefore(cutoff)) {
			if (this.losses.pollFirst().removed()) {
				this.removals--;
			}
		}
	}

	void record(Instant at, boolean removed) {
		this.losses.addLast(new Loss(at, removed));
		if (removed) {
			this.removals++;
		}
	}

	/** Losses in the window. */
	int lost() {
		return this.losses.size();
	}

	/** Losses in the window that took the instance out of the registry (they no longer count as registered). */
	int removals() {
		return this.removals;
	}

	boolean idle() {
		return this.losses.isEmpty() && this.held.isEmpty();
	}

	private record Loss(Instant at, boolean removed) {
	}

}
