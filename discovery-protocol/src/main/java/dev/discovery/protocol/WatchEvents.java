package dev.discovery.protocol;

/**
 * Names of the Server-Sent Events sent by {@code GET /api/v1/watch}. Every event but {@link #RESYNC} carries the
 * registry index it brings the watcher to as its SSE {@code id}; heartbeats are SSE comment lines ({@code :hb}).
 */
public final class WatchEvents {

	/** The full view of the watched services: data is a {@link WatchSnapshot}. Always the first event. */
	public static final String SNAPSHOT = "snapshot";

	/** One change to one instance: data is a {@link WatchChange}. */
	public static final String CHANGE = "change";

	/**
	 * The watcher fell too far behind and the stream ends. Like any other end of stream: reconnect with
	 * {@link #LAST_EVENT_ID} (and the epoch of that index); the registry replays what was missed or, when it cannot,
	 * starts with a fresh snapshot.
	 */
	public static final String RESYNC = "resync";

	/** The SSE comment line sent when there is nothing else to send, so dead connections are noticed. */
	public static final String HEARTBEAT_COMMENT = "hb";

	/** The request header a reconnecting watcher sends with the last id it saw, as EventSource does. */
	public static final String LAST_EVENT_ID = "Last-Event-ID";

	private WatchEvents() {
	}

}
