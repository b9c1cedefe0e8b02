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

	/**
	 * Sent by a watcher that acknowledges what it applies (its name, such as {@code order-service/order-1}). The
	 * registry then answers {@link #WATCH_ID} and counts the stream among the subscribers whose acknowledgements
	 * measure time to truth.
	 */
	public static final String WATCHER = "X-Discovery-Watcher";

	/**
	 * The secret id of an acknowledging watch stream, answered on the stream's response; the watcher acknowledges
	 * with {@code PUT /api/v1/watch/{id}/applied?index=N}.
	 */
	public static final String WATCH_ID = "X-Discovery-Watch-Id";

	private Headers() {
	}

}
