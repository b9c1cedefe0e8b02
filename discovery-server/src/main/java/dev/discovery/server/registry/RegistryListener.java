package dev.discovery.server.registry;

/**
 * Hears of registry changes. Called on the writer's thread while the registry holds its write lock, so that
 * changes arrive in index order: implementations must return quickly and must not call back into the registry's
 * write methods.
 */
public interface RegistryListener {

	/**
	 * A change happened.
	 * @param change what changed
	 */
	void onChange(RegistryChange change);

	/**
	 * A lease was renewed. Renewals do not move the index.
	 * @param instance the instance after the renewal
	 */
	default void onHeartbeat(RegisteredInstance instance) {
	}

}
