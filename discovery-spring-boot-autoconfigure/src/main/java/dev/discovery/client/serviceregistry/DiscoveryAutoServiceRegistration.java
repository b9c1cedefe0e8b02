package dev.discovery.client.serviceregistry;

import dev.discovery.protocol.InstanceStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.context.ApplicationContext;

/**
 * Registers this application once its web server has started, with the port it really listens on; as
 * {@code STARTING} until it accepts traffic (see {@link ReadinessStatusListener}). Deregistration
 * is triggered earlier than the base class would do it, by {@link DeregistrationLifecycle}.
 */
public class DiscoveryAutoServiceRegistration extends AbstractAutoServiceRegistration<DiscoveryRegistration> {

	private final DiscoveryRegistration registration;

	private final @Nullable ApplicationAvailability availability;

	/**
	 * Creates the auto-registration.
	 * @param context the application context
	 * @param serviceRegistry the service registry
	 * @param properties Spring Cloud's auto-registration properties
	 * @param registration this application's registration
	 * @param availability the application's availability, if known: an application that does not accept traffic
	 * yet registers as {@code STARTING}
	 */
	public DiscoveryAutoServiceRegistration(ApplicationContext context, DiscoveryServiceRegistry serviceRegistry,
			AutoServiceRegistrationProperties properties, DiscoveryRegistration registration,
			@Nullable ApplicationAvailability availability) {
		super(context, serviceRegistry, properties);
		this.registration = registration;
		this.availability = availability;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (!WebServerApplicationContext.hasServerNamespace(event.getApplicationContext(), "management")) {
			// RegistrationPortListener does it too, but listeners run in no set order: the port is needed now.
			this.registration.initializePort(event.getWebServer().getPort());
			if (this.availability != null && this.registration.getStatus() == InstanceStatus.UP
					&& this.availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
				this.registration.setStatus(InstanceStatus.STARTING);
			}
		}
		super.onApplicationEvent(event);
	}

	@Override
	protected DiscoveryRegistration getRegistration() {
		return this.registration;
	}

	@Override
	protected @Nullable DiscoveryRegistration getManagementRegistration() {
		return null;
	}

	@Override
	protected boolean isEnabled() {
		return true;
	}

	@Override
	@Deprecated
	protected Object getConfiguration() {
		return this.registration;
	}

}
