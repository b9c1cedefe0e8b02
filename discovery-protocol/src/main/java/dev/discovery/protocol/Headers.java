package dev.discovery.protocol;

/**
 * HTTP header names of the wire contract.
 */
public final class Headers {

	/** The registry's change index when the response was produced. */
	public static final String INDEX = "X-Discovery-Index";

	/**
	 * The identity of the index space {@link #INDEX} belongs to. Two indexes are comparable only within one epoch:
	 * a registry process with its own in-memory state has its own epoch, replicas sharing one store share one.
	 * Sent with every answer that carries the index; a watcher or blocking query sends back the epoch of the index it
	 * resumes from.
	 */
	public static final String EPOCH = "X-Discovery-Epoch";

	private Headers() {
	}

}
