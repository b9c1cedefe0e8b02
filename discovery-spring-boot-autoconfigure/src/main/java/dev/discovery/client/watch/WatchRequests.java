package dev.discovery.client.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
	 * @throws IOException if reading fails, or the stream is closed under the reader
	 */
	static void read(InputStream body, BooleanSupplier more, Runnable onLine, Consumer<SseEvent> events)
			throws IOException {
		SseEvent.Parser parser = new SseEvent.Parser();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null && more.getAsBoolean(); line = reader.readLine()) {
				onLine.run();
				SseEvent event = parser.line(line);
				if (event != null) {
					events.accept(event);
				}
			}
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
