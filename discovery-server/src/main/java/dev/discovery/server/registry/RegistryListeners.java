package dev.discovery.server.registry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Subscribes every {@link RegistryListener} bean to the registry's change feed, once all beans exist: the one place
 * listeners are wired, so one a user declares hears of changes like the registry's own, and none subscribes itself.
 * Listeners hear of changes in their bean order ({@link org.springframework.core.annotation.Order}).
 */
final class RegistryListeners implements SmartInitializingSingleton {

	private final ObjectProvider<Registry> registry;

	private final ObjectProvider<RegistryListener> listeners;

	RegistryListeners(ObjectProvider<Registry> registry, ObjectProvider<RegistryListener> listeners) {
		this.registry = registry;
		this.listeners = listeners;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Registry target = this.registry.getObject();
		this.listeners.orderedStream().forEach(target::addListener);
	}

}
