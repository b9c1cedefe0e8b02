package dev.discovery.benchmarks.watch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one watch stream has received: the time each change event arrived, by its id. It is fed raw bytes of an
 * HTTP/1.0 response (no chunking), headers included; only SSE {@code event:} and {@code id:} lines matter.
 */
public final class Watcher {

	/** Event id to arrival time in {@link System#nanoTime()}. */
	public final Map<Long, Long> arrivals = new ConcurrentHashMap<>();

	/** Whether the stream's snapshot arrived. */
	public volatile boolean snapshotSeen;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private String event = "";

	void feed(ByteBuffer bytes, long now) {
		while (bytes.hasRemaining()) {
			byte b = bytes.get();
			if (b == '\n') {
				onLine(this.line.toString(StandardCharsets.UTF_8), now);
				this.line.reset();
			}
			else {
				this.line.write(b);
			}
		}
	}

	private void onLine(String text, long now) {
		if (text.startsWith("event: ")) {
			this.event = text.substring(7);
		}
		else if (text.startsWith("id: ")) {
			if (this.event.equals("snapshot")) {
				this.snapshotSeen = true;
			}
			else {
				this.arrivals.put(Long.parseLong(text.substring(4)), now);
			}
		}
	}

}
