package dev.discovery.server.protection;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;

/**
 * Recent losses of one scope (a service, or a tenant) and the instances held back from being lost, with the decision
 * to hold the next one. Guarded by the {@link ProtectionMode} that owns it.
 */
final class LossWindow {

	private static final Log logger = LogFactory.getLog(ProtectionMode.class);

	private final Deque<Loss> losses = new ArrayDeque<>();

	/** The scope as the logs name it, such as {@code service pay}. */
	private final String label;

	private int removals;

	/**
	 * Members (instance ids, or service/id for a tenant) kept although they fail or expired, each with whether its
	 * lease expired ({@code true}) or its check fails ({@code false}).
	 */
	private final Map<String, Boolean> held = new LinkedHashMap<>();

	private @Nullable Instant since;

	private String reason = "";

	LossWindow(String label) {
		this.label = label;
	}

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

	/**
	 * Decides whether losing one more member would be too many, and holds it if so; releases it if not.
	 * @param member the instance about to be lost
	 * @param size the scope's instances, those removed within the window included
	 * @param minimum smaller scopes enter protection mode only through another scope
	 * @param now the registry's time
	 * @param removal whether it leaves the registry, not only the passing view
	 * @param settings the threshold and window
	 * @return {@code true} if it is held
	 */
	boolean hold(String member, int size, int minimum, Instant now, boolean removal,
			ProtectionMode.Settings settings) {
		boolean alreadyHeld = this.held.containsKey(member);
		int lost = lost() + this.held.size() + (alreadyHeld ? 0 : 1);
		// The minimum size guards entering protection only: once in, losses that aged out of the window leave a
		// smaller registered set, which must not end protection while the held instances are still out.
		boolean eligible = !this.held.isEmpty() || size >= minimum;
		if (eligible && lost > settings.threshold() * size) {
			if (this.held.isEmpty()) {
				this.since = now;
				logger.warn("Protection mode on for " + this.label + ": " + lost + " of " + size
						+ " instances failed or expired within " + Durations.format(settings.window())
						+ "; keeping them in the passing view until they recover, at most "
						+ Durations.format(settings.maxHold()));
			}
			this.held.put(member, removal);
			this.reason = lost + " of " + size + " instances failed or expired within "
					+ Durations.format(settings.window()) + " (threshold "
					+ Math.round(settings.threshold() * 100) + "%)";
			return true;
		}
		release(member, false);
		return false;
	}

	/**
	 * Lets a held member go.
	 * @param member the member
	 * @param expiredOnly only if it was held from expiring, not from failing its check
	 * @return whether it was held and is let go
	 */
	boolean release(String member, boolean expiredOnly) {
		Boolean expired = this.held.get(member);
		if (expired == null || (expiredOnly && !expired)) {
			return false;
		}
		this.held.remove(member);
		if (this.held.isEmpty()) {
			logger.info("Protection mode off for " + this.label + " (since " + this.since + ")");
			this.since = null;
		}
		return true;
	}

	/**
	 * The scope as reported.
	 * @param name its name in the report
	 * @return the scope, or {@code null} when it holds nothing
	 */
	ProtectionReport.@Nullable Scope report(String name) {
		if (this.held.isEmpty()) {
			return null;
		}
		return new ProtectionReport.Scope(name, this.reason, (this.since != null) ? this.since : Instant.EPOCH,
				List.copyOf(this.held.keySet()));
	}

	private record Loss(Instant at, boolean removed) {
	}

}
