package dev.discovery.server.registry;

/**
 * A registration refused because the service or the registry is full. Nothing was changed.
 */
public class CapacityExceededException extends RuntimeException {

	public CapacityExceededException(String message) {
		super(message);
	}

}
