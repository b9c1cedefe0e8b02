package dev.discovery.server.etcd;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.RegisteredInstance;

/**
 * Protection mode as a replica of a cluster needs it: every replica judges the same losses (an expiry decided by
 * etcd, a failed check recorded by another replica), so all of them protect the same scopes, and each keeps the
 * leases it owns in those scopes alive.
 */
public interface ClusterProtection {

	/** No protection. */
	ClusterProtection NONE = new ClusterProtection() {

		@Override
		public @Nullable Predicate<RegisteredInstance> held() {
			return null;
		}

		@Override
		public void lost(RegisteredInstance instance, boolean expired) {
		}

		@Override
		public void recovered(RegisteredInstance instance) {
		}

	};

	/**
	 * The instances protection mode holds now (by their service's rule or their tenant's).
	 * @return a test of instances, or {@code null} when nothing is protected
	 */
	@Nullable Predicate<RegisteredInstance> held();

	/**
	 * A passing instance was lost by a decision made elsewhere.
	 * @param instance the instance before the loss
	 * @param expired whether its lease ran out (rather than its check failed)
	 */
	void lost(RegisteredInstance instance, boolean expired);

	/**
	 * An instance passes its check again, as another replica recorded.
	 * @param instance the instance
	 */
	void recovered(RegisteredInstance instance);

}
