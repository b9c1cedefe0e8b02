package dev.discovery.server.registry;

/**
 * The registry does not hold the named instance.
 */
public class InstanceNotFoundException extends RuntimeException {

	public InstanceNotFoundException(String service, String instanceId) {
		super("Instance '" + instanceId + "' of service '" + service + "' is not registered");
	}

}
