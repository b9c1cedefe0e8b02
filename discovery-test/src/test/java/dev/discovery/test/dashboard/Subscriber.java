package dev.discovery.test.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A caller's watch stream that says it acknowledges what it applies: it acknowledges every event it reads, or, when
 * frozen, none (a stalled client whose view no longer moves).
 */
final class Subscriber implements AutoCloseable {

	private final HttpClient http = HttpClient.newHttpClient();

	private final String registry;

	private final CompletableFuture<HttpResponse<Stream<String>>> response;

	private final boolean frozen;

	private Subscriber(String registry, String services, String name, boolean frozen) {
		this.registry = registry;
		this.frozen = frozen;
		this.response = this.http.sendAsync(HttpRequest
			.newBuilder(URI.create(registry + "/api/v1/watch?services=" + services))
			.header("X-Discovery-Watcher", name)
			.build(), BodyHandlers.ofLines());
		this.response.thenAcceptAsync((answer) -> answer.body().forEach(this::line));
		this.response.join();
	}

	static Subscriber acknowledging(String registry, String services, String name) {
		return new Subscriber(registry, services, name, false);
	}

	static Subscriber frozen(String registry, String services, String name) {
		return new Subscriber(registry, services, name, true);
	}

	private void line(String line) {
		if (this.frozen || !line.startsWith("id: ")) {
			return;
		}
		String id = this.response.join().headers().firstValue("X-Discovery-Watch-Id").orElseThrow();
		this.http.sendAsync(HttpRequest
			.newBuilder(URI.create(this.registry + "/api/v1/watch/" + id + "/applied?index=" + line.substring(4).trim()))
			.timeout(Duration.ofSeconds(10))
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build(), BodyHandlers.discarding());
	}

	@Override
	public void close() {
		this.response.cancel(true);
		this.response.thenAccept((answer) -> answer.body().close());
	}

}
