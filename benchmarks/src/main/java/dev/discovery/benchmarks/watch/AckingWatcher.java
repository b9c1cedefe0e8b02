package dev.discovery.benchmarks.watch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One watch stream that acknowledges what it applied the way the starter does: the stream's response names its
 * {@code X-Discovery-Watch-Id}; each change read counts as applied at once, and is acknowledged on a second,
 * keep-alive connection, at most once per interval and never two in flight, each acknowledgement carrying every
 * index applied since the last with how long ago ({@code index}, {@code held}, {@code earlier}). Both connections
 * are read by the owner's selector thread, whose ticks also {@link #pump(long)}; nothing here blocks.
 */
final class AckingWatcher implements NioWatchers.Stream {

	/** The events read, each counted as applied the moment it arrives. */
	final Watcher events = new Watcher(this::applied);

	volatile long acknowledgements;

	volatile long failures;

	private final SocketChannel acks;

	private final boolean acknowledging;

	private final ByteArrayOutputStream ackLine = new ByteArrayOutputStream();

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

	/**
	 * Opens watch streams of one service, each with its acknowledgement connection.
	 * @param port the registry's port
	 * @param services the services to watch, comma-separated
	 * @param count how many streams
	 * @param acknowledging whether they acknowledge (and name themselves with {@code X-Discovery-Watcher})
	 * @param interval at most one acknowledgement per interval and stream
	 * @return the open streams
	 * @throws IOException if a connection fails
	 */
	static NioWatchers<AckingWatcher> open(int port, String services, int count, boolean acknowledging,
			Duration interval) throws IOException {
		return new NioWatchers<>(port, "/api/v1/watch?services=" + services,
				acknowledging ? "X-Discovery-Watcher: bench\r\n" : "", count, Duration.ofMillis(10), (owner) -> {
					SocketChannel acks = owner.connect();
					AckingWatcher watcher = new AckingWatcher(acks, acknowledging, interval.toNanos());
					owner.read(acks, (bytes, now) -> watcher.feedAcks(bytes));
					return watcher;
				});
	}

	/** Bytes of the watch stream (an HTTP/1.0 response: headers, then the event stream). */
	@Override
	public void feed(ByteBuffer bytes, long now) throws IOException {
		this.events.feed(bytes, now);
	}

	@Override
	public void tick(long now) throws IOException {
		pump(now);
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
		if (!this.acknowledging || this.events.watchId() == null) {
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
		byte[] request = ("PUT /api/v1/watch/" + this.events.watchId() + "/applied" + query
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
