package dev.discovery.benchmarks.watch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one watch stream has received: the time each change event arrived, by its id. It is fed raw bytes of an
 * HTTP/1.0 response (no chunking), headers included; only the {@code X-Discovery-Watch-Id} header and SSE
 * {@code event:} and {@code id:} lines matter.
 */
public final class Watcher implements NioWatchers.Stream {

	/** Event id to arrival time in {@link System#nanoTime()}. */
	public final Map<Long, Long> arrivals = new ConcurrentHashMap<>();

	/** Whether the stream's snapshot arrived. */
	public volatile boolean snapshotSeen;

	private final Applied applied;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private boolean inHeaders = true;

	private String event = "";

	private volatile String watchId;

	Watcher() {
		this((id, now) -> {
		});
	}

	/**
	 * Opens plain watch streams.
	 * @param port the registry's port
	 * @param path the watch path and query
	 * @param count how many streams
	 * @return the open streams
	 * @throws IOException if a connection fails
	 */
	public static NioWatchers<Watcher> open(int port, String path, int count) throws IOException {
		return new NioWatchers<>(port, path, "", count, Duration.ofMillis(100), (owner) -> new Watcher());
	}

	/**
	 * A watcher that also tells of each event it reads, the snapshot's included.
	 * @param applied told of each event's id as it arrives
	 */
	Watcher(Applied applied) {
		this.applied = applied;
	}

	/** The stream's id from its response headers, {@code null} until they arrived or when the server sent none. */
	String watchId() {
		return this.watchId;
	}

	@Override
	public void feed(ByteBuffer bytes, long now) throws IOException {
		while (bytes.hasRemaining()) {
			byte b = bytes.get();
			if (b == '\n') {
				onLine(this.line.toString(StandardCharsets.UTF_8).stripTrailing(), now);
				this.line.reset();
			}
			else {
				this.line.write(b);
			}
		}
	}

	private void onLine(String text, long now) throws IOException {
		if (this.inHeaders) {
			if (text.isEmpty()) {
				this.inHeaders = false;
			}
			else if (text.regionMatches(true, 0, "X-Discovery-Watch-Id:", 0, 21)) {
				this.watchId = text.substring(21).trim();
			}
		}
		else if (text.startsWith("event: ")) {
			this.event = text.substring(7);
		}
		else if (text.startsWith("id: ")) {
			long id = Long.parseLong(text.substring(4));
			if (this.event.equals("snapshot")) {
				this.snapshotSeen = true;
			}
			else {
				this.arrivals.put(id, now);
			}
			this.applied.applied(id, now);
		}
	}

	/** Told of each event read. */
	@FunctionalInterface
	interface Applied {

		void applied(long id, long now) throws IOException;

	}

}
