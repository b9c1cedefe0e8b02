package dev.discovery.server.registry;

/**
 * Hears of registry changes. Called on the store's applying thread (the memory store's writer, under its write
 * lock; a distributed store's watch), one change at a time in index order: implementations must return quickly and
 * must not call the registry's write methods. In the server, every bean of this type is subscribed once.
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
