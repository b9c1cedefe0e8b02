package dev.discovery.client.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.WatchEvents;

/**
 * The wire side of the watch: the request that opens a stream and the loop that reads its events.
 */
final class WatchRequests {

	private WatchRequests() {
	}

	static HttpRequest open(URI registry, Set<String> services, @Nullable Long lastEventId, @Nullable String token) {
		String names = String.join(",", new TreeSet<>(services));
		String root = registry.toString().endsWith("/") ? registry.toString() : registry + "/";
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(root + "api/v1/watch?services=" + URLEncoder.encode(names, StandardCharsets.UTF_8)))
			.header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header(WatchEvents.LAST_EVENT_ID, Long.toString(lastEventId));
		}
		if (token != null && !token.isBlank()) {
			request.header("Authorization", "Bearer " + token.trim());
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

}
