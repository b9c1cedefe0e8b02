package dev.discovery.server.registry;

/**
 * One change to the registry, published to {@link RegistryListener}s in index order.
 *
 * @param index the registry index this change produced
 * @param kind what happened
 * @param service the service name
 * @param instanceId the instance id
 * @param instance the instance after the change, or before it for removals
 */
public record RegistryChange(long index, Kind kind, String service, String instanceId, RegisteredInstance instance) {

	/**
	 * Whether the instance is gone after this change.
	 * @return {@code true} for deregistrations and expirations
	 */
	public boolean removal() {
		return this.kind == Kind.DEREGISTERED || this.kind == Kind.EXPIRED;
	}

	/**
	 * What happened to the instance.
	 */
	public enum Kind {

		/** A new instance registered. */
		REGISTERED,

		/** An instance re-registered, changed status or changed health. */
		UPDATED,

		/** An instance deregistered itself. */
		DEREGISTERED,

		/** An instance's lease ran out. */
		EXPIRED

	}

}
