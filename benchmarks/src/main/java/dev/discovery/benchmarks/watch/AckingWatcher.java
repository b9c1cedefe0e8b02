package dev.discovery.benchmarks.watch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One watch stream that acknowledges what it applied the way the starter does: the stream's response names its
 * {@code X-Discovery-Watch-Id}; each change read counts as applied at once, and is acknowledged on a second,
 * keep-alive connection, at most once per interval and never two in flight, each acknowledgement carrying every
 * index applied since the last with how long ago ({@code index}, {@code held}, {@code earlier}). Both connections
 * are read by the owner's selector thread, which also calls {@link #pump(long)}; nothing here blocks.
 */
final class AckingWatcher {

	/** Event id to arrival (= applied) time in {@link System#nanoTime()}. */
	final Map<Long, Long> arrivals = new ConcurrentHashMap<>();

	volatile boolean snapshotSeen;

	volatile long acknowledgements;

	volatile long failures;

	private final SocketChannel acks;

	private final boolean acknowledging;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private final ByteArrayOutputStream ackLine = new ByteArrayOutputStream();

	private boolean inHeaders = true;

	private String event = "";

	private String watchId;

	private final long intervalNanos;

	/** Applied indexes not yet sent, with when (nanos), oldest first. */
	private final java.util.ArrayDeque<long[]> unsent = new java.util.ArrayDeque<>();

	private boolean inFlight;

	private long lastSent = System.nanoTime() - 86_400_000_000_000L;

	private int ackStatus;

	AckingWatcher(SocketChannel acks, boolean acknowledging, long intervalNanos) {
		this.acks = acks;
		this.acknowledging = acknowledging;
		this.intervalNanos = intervalNanos;
	}

	/** Bytes of the watch stream (an HTTP/1.0 response: headers, then the event stream). */
	void feed(ByteBuffer bytes, long now) throws IOException {
		while (bytes.hasRemaining()) {
			byte b = bytes.get();
			if (b != '\n') {
				this.line.write(b);
				continue;
			}
			String text = this.line.toString(StandardCharsets.UTF_8).stripTrailing();
			this.line.reset();
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
				applied(id, now);
			}
		}
	}

	/** Bytes of the acknowledgement connection: 204 responses with no body; any other status is a failure. */
	void feedAcks(ByteBuffer bytes) throws IOException {
		while (bytes.hasRemaining()) {
			byte b = bytes.get();
			if (b != '\n') {
				this.ackLine.write(b);
				continue;
			}
			String text = this.ackLine.toString(StandardCharsets.US_ASCII).stripTrailing();
			this.ackLine.reset();
			if (text.startsWith("HTTP/1.1 ")) {
				this.ackStatus = Integer.parseInt(text.substring(9, 12));
			}
			else if (text.isEmpty() && this.ackStatus != 0) {
				if (this.ackStatus == 204) {
					this.acknowledgements++;
				}
				else {
					// Error bodies are not read: the benchmark stops acknowledging on this watcher.
					this.failures++;
					return;
				}
				this.ackStatus = 0;
				this.inFlight = false;
				pump(System.nanoTime());
			}
		}
	}

	private void applied(long index, long now) throws IOException {
		if (!this.acknowledging || this.watchId == null) {
			return;
		}
		if (this.unsent.size() == 64) {
			this.unsent.removeFirst();
		}
		this.unsent.addLast(new long[] { index, now });
		pump(now);
	}

	/** Sends what waits when it is due and nothing is in flight. */
	void pump(long now) throws IOException {
		if (this.inFlight || this.unsent.isEmpty() || now - this.lastSent < this.intervalNanos) {
			return;
		}
		long[] newest = this.unsent.peekLast();
		StringBuilder query = new StringBuilder("?index=").append(newest[0])
			.append("&held=")
			.append((now - newest[1]) / 1_000_000)
			.append("ms");
		if (this.unsent.size() > 1) {
			query.append("&earlier=");
			this.unsent.stream().limit(this.unsent.size() - 1).forEach((applied) -> query.append(applied[0])
				.append(':')
				.append((now - applied[1]) / 1_000_000)
				.append("ms,"));
			query.setLength(query.length() - 1);
		}
		byte[] request = ("PUT /api/v1/watch/" + this.watchId + "/applied" + query
				+ " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		ByteBuffer buffer = ByteBuffer.wrap(request);
		while (buffer.hasRemaining()) {
			// A few hundred bytes into an idle socket's send buffer: written at once.
			this.acks.write(buffer);
		}
		this.unsent.clear();
		this.inFlight = true;
		this.lastSent = now;
	}

}
