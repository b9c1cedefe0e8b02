package dev.discovery.protocol;

/**
 * HTTP header names of the wire contract.
 */
public final class Headers {

	/** The registry's change index when the response was produced. */
	public static final String INDEX = "X-Discovery-Index";

	private Headers() {
	}

}
