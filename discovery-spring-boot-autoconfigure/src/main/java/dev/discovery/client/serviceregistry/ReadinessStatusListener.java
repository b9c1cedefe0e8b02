package dev.discovery.client.serviceregistry;

import dev.discovery.client.registry.RegistryException;
import dev.discovery.protocol.InstanceStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * Turns a registration made while the application was still starting ({@code STARTING}, not offered to callers)
 * {@code UP} as soon as the application accepts traffic, rather than waiting for the registry's next health check.
 */
public class ReadinessStatusListener implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private static final Log logger = LogFactory.getLog(ReadinessStatusListener.class);

	private final DiscoveryServiceRegistry serviceRegistry;

	private final DiscoveryRegistration registration;

	/**
	 * Creates the listener.
	 * @param serviceRegistry the service registry
	 * @param registration this application's registration
	 */
	public ReadinessStatusListener(DiscoveryServiceRegistry serviceRegistry, DiscoveryRegistration registration) {
		this.serviceRegistry = serviceRegistry;
		this.registration = registration;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() != ReadinessState.ACCEPTING_TRAFFIC
				|| this.registration.getStatus() != InstanceStatus.STARTING) {
			return;
		}
		try {
			this.serviceRegistry.setStatus(this.registration, InstanceStatus.UP.name());
		}
		catch (RegistryException ex) {
			// setStatus has already recorded UP on the registration, so the pending (re-)registration carries it.
			logger.info("Could not set " + this.registration + " UP yet; it will register as UP: " + ex.getMessage());
		}
	}

}
