package dev.discovery.server.epoch;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The identity of the registry's index space, sent as {@code X-Discovery-Epoch} with every index and in every watch
 * snapshot. Indexes are comparable only within one epoch: a registry process keeping its state in memory has an
 * epoch of its own; a store shared by several replicas supplies one bean with the same epoch on all of them, so a
 * client failing over between them keeps its {@code Last-Event-ID}.
 * <p>
 * A registry that did not restore its state says it is <em>warming up</em> for one lease TTL after it started: it
 * serves, but an instance it does not list may simply not have sent its next heartbeat yet, so watchers keep the
 * instances they knew until then. Whatever restores state (a snapshot, a durable store, a shared cluster) calls
 * {@link #markRestored()} before the registry serves.
 */
public class RegistryEpoch {

	private static final Log logger = LogFactory.getLog(RegistryEpoch.class);

	private final String id;

	private final Duration warmUp;

	private final LongSupplier nanoTime;

	private final long startedAt;

	private volatile boolean restored;

	/**
	 * An epoch with the given identity.
	 * @param id the identity; the same on every replica of one shared store
	 * @param warmUp how long a registry without restored state warms up (one lease TTL)
	 * @param nanoTime the monotonic time source
	 */
	public RegistryEpoch(String id, Duration warmUp, LongSupplier nanoTime) {
		if (id.isBlank() || !id.chars().allMatch((c) -> c > 32 && c < 127 && c != ',')) {
			throw new IllegalArgumentException("An epoch is printable ASCII without spaces or commas, not '" + id + "'");
		}
		this.id = id;
		this.warmUp = warmUp;
		this.nanoTime = nanoTime;
		this.startedAt = nanoTime.getAsLong();
	}

	/**
	 * A new epoch for a registry process whose state lives in its memory.
	 * @param warmUp how long it warms up unless told it restored its state
	 * @return a random epoch, 16 hex digits
	 */
	public static RegistryEpoch random(Duration warmUp) {
		byte[] bytes = new byte[8];
		new SecureRandom().nextBytes(bytes);
		return new RegistryEpoch(HexFormat.of().formatHex(bytes), warmUp, System::nanoTime);
	}

	/** The identity, as sent in {@code X-Discovery-Epoch}. */
	public String id() {
		return this.id;
	}

	/**
	 * Tells the epoch that the registry's state was restored before it served, so nothing it does not list is
	 * missing for lack of time to hear from it. Called by whatever restored the state.
	 */
	public void markRestored() {
		if (!this.restored) {
			this.restored = true;
			logger.info("Registry epoch " + this.id + ": state restored, not warming up");
		}
	}

	/** Whether the registry restored its state when it started. */
	public boolean restored() {
		return this.restored;
	}

	/** Whether the registry started without restored state less than one lease TTL ago. */
	public boolean warmingUp() {
		return !this.restored && this.nanoTime.getAsLong() - this.startedAt < this.warmUp.toNanos();
	}

	/** Whether two epochs name the same index space. */
	public boolean matches(String other) {
		return this.id.equals(other.trim());
	}

	@Override
	public String toString() {
		return this.id;
	}

}
