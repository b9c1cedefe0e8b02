package dev.discovery.client.watch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.WatchEvents;
import dev.discovery.protocol.WatchSubscription;

/**
 * The wire side of the watch: the request that opens a stream and the loop that reads its events. The services
 * travel in a {@code POST} body, so any number of them fits.
 */
final class WatchRequests {

	/** Watches every service: the answer to a registry that finds the list of names too long. */
	static final Set<String> ALL = Set.of("*");

	/** The largest event read: far above a snapshot of every service of a registry at its instance limit. */
	static final long MAX_EVENT_BYTES = 128L * 1024 * 1024;

	private static final JsonMapper json = JsonMapper.builder().build();

	private WatchRequests() {
	}

	/**
	 * The request that opens a stream.
	 * @param registry the registry URL
	 * @param services the services, or {@link #ALL}
	 * @param resume the index to resume from and its epoch, or {@code null} for a fresh snapshot
	 * @param token the bearer token, or {@code null}
	 * @param timeout how long to wait for the answer's headers
	 * @param watcher the name to acknowledge applied indexes under, or {@code null} to not acknowledge
	 * @return the request
	 */
	static HttpRequest open(URI registry, Set<String> services, @Nullable Resume resume, @Nullable String token,
			Duration timeout, @Nullable String watcher) {
		String root = registry.toString().endsWith("/") ? registry.toString() : registry + "/";
		byte[] body = json.writeValueAsBytes(new WatchSubscription(List.copyOf(new TreeSet<>(services)), true));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "api/v1/watch"))
			.timeout(timeout)
			.header("Accept", "text/event-stream")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (resume != null) {
			request.header(WatchEvents.LAST_EVENT_ID, Long.toString(resume.index()));
			request.header(Headers.EPOCH, resume.epoch());
		}
		if (token != null && !token.isBlank()) {
			request.header("Authorization", "Bearer " + token.trim());
		}
		if (watcher != null && !watcher.isBlank()) {
			request.header(Headers.WATCHER, watcher.strip());
		}
		return request.build();
	}

	/**
	 * Reads events until the stream ends or {@code more} says stop.
	 * @param body the stream
	 * @param more whether to go on reading
	 * @param onLine told of every line, heartbeats included
	 * @param events told of every event
	 * @throws IOException if reading fails, the stream is closed under the reader, or an event is larger than
	 * {@link #MAX_EVENT_BYTES}
	 */
	static void read(InputStream body, BooleanSupplier more, Runnable onLine, Consumer<SseEvent> events)
			throws IOException {
		read(body, more, onLine, events, MAX_EVENT_BYTES);
	}

	static void read(InputStream body, BooleanSupplier more, Runnable onLine, Consumer<SseEvent> events,
			long maxEventBytes) throws IOException {
		SseEvent.Parser parser = new SseEvent.Parser();
		try (InputStream in = body) {
			EventLines lines = new EventLines(in, maxEventBytes);
			for (String line = lines.next(); line != null && more.getAsBoolean(); line = lines.next()) {
				onLine.run();
				if (line.isEmpty()) {
					lines.eventEnded();
				}
				SseEvent event = parser.line(line);
				if (event != null) {
					events.accept(event);
				}
			}
		}
	}

	/**
	 * The lines of a stream, each line and each event bounded: a stream that never ends a line, or an event that
	 * never ends, would otherwise grow until the application's heap is full; the idle timeout cannot see it, as bytes
	 * keep coming.
	 */
	private static final class EventLines {

		private final InputStream in;

		private final long maxEventBytes;

		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		private long eventBytes;

		private boolean afterCarriageReturn;

		private final byte[] buffer = new byte[8192];

		private int position;

		private int limit;

		EventLines(InputStream in, long maxEventBytes) {
			this.in = in;
			this.maxEventBytes = maxEventBytes;
		}

		/** The next line without its end ({@code \n}, {@code \r\n} or {@code \r}), {@code null} at the end. */
		@Nullable String next() throws IOException {
			this.line.reset();
			while (true) {
				if (this.position == this.limit) {
					this.limit = this.in.read(this.buffer);
					this.position = 0;
					if (this.limit < 0) {
						this.limit = 0;
						return null;
					}
				}
				int start = this.position;
				while (this.position < this.limit) {
					byte next = this.buffer[this.position];
					if (next == '\n' && this.afterCarriageReturn) {
						this.afterCarriageReturn = false;
						start = ++this.position;
						continue;
					}
					if (next == '\n' || next == '\r') {
						this.afterCarriageReturn = next == '\r';
						take(start, this.position);
						this.position++;
						return this.line.toString(StandardCharsets.UTF_8);
					}
					this.afterCarriageReturn = false;
					this.position++;
				}
				take(start, this.position);
			}
		}

		private void take(int from, int to) throws IOException {
			this.eventBytes += to - from;
			if (this.eventBytes > this.maxEventBytes) {
				throw new IOException("Watch event larger than " + this.maxEventBytes
						+ " bytes, the most a watcher reads; reconnecting");
			}
			this.line.write(this.buffer, from, to - from);
		}

		void eventEnded() {
			this.eventBytes = 0;
		}

	}

	/**
	 * Where a watcher resumes: an index and the epoch it belongs to.
	 *
	 * @param index the last index seen
	 * @param epoch its epoch
	 */
	record Resume(long index, String epoch) {
	}

}
