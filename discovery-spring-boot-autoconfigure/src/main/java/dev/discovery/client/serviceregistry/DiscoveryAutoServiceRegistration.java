package dev.discovery.client.serviceregistry;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.context.ApplicationContext;

/**
 * Registers this application once its web server has started, with the port it really listens on. Deregistration
 * is triggered earlier than the base class would do it, by {@link DeregistrationLifecycle}.
 */
public class DiscoveryAutoServiceRegistration extends AbstractAutoServiceRegistration<DiscoveryRegistration> {

	private final DiscoveryRegistration registration;

	/**
	 * Creates the auto-registration.
	 * @param context the application context
	 * @param serviceRegistry the service registry
	 * @param properties Spring Cloud's auto-registration properties
	 * @param registration this application's registration
	 */
	public DiscoveryAutoServiceRegistration(ApplicationContext context, DiscoveryServiceRegistry serviceRegistry,
			AutoServiceRegistrationProperties properties, DiscoveryRegistration registration) {
		super(context, serviceRegistry, properties);
		this.registration = registration;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (!WebServerApplicationContext.hasServerNamespace(event.getApplicationContext(), "management")) {
			this.registration.initializePort(event.getWebServer().getPort());
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
