package dev.discovery.server.registry;

/**
 * The registry holds no instance of the named service.
 */
public class ServiceNotFoundException extends RuntimeException {

	public ServiceNotFoundException(String service) {
		super("Service '" + service + "' has no registered instances");
	}

}
