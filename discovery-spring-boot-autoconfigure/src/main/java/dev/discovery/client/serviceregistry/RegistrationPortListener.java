package dev.discovery.client.serviceregistry;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Gives the {@link DiscoveryRegistration} the port the application's web server really listens on (not the
 * management server's), also when auto-registration is off and the application registers it itself.
 */
public class RegistrationPortListener implements ApplicationListener<WebServerInitializedEvent> {

	private final DiscoveryRegistration registration;

	/**
	 * Creates the listener.
	 * @param registration the registration whose port it sets, unless one was configured
	 */
	public RegistrationPortListener(DiscoveryRegistration registration) {
		this.registration = registration;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (!WebServerApplicationContext.hasServerNamespace(event.getApplicationContext(), "management")) {
			this.registration.initializePort(event.getWebServer().getPort());
		}
	}

}
