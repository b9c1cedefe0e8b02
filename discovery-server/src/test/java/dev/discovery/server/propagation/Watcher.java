package dev.discovery.server.propagation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A watch stream read line by line on the HTTP client's threads, that acknowledges every event's id like the
 * starter does, or reads without applying (a frozen view) when it is told to stall.
 */
final class Watcher {

	final AtomicLong lastId = new AtomicLong();

	private final HttpClient client;

	private final String base;

	private final CompletableFuture<HttpResponse<Stream<String>>> response;

	private volatile boolean stalled;

	private Watcher(HttpClient client, String base, String services, String name) {
		this.client = client;
		this.base = base;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/watch?services=" + services));
		if (name != null) {
			request.header("X-Discovery-Watcher", name);
		}
		this.response = client.sendAsync(request.build(), BodyHandlers.ofLines());
		this.response.thenAcceptAsync((answer) -> answer.body().forEach(this::line));
	}

	static Watcher acknowledging(HttpClient client, String base, String services, String name) {
		return new Watcher(client, base, services, name);
	}

	static Watcher silent(HttpClient client, String base, String services) {
		return new Watcher(client, base, services, null);
	}

	Watcher stall() {
		this.stalled = true;
		return this;
	}

	String id() {
		return this.response.join().headers().firstValue("X-Discovery-Watch-Id").orElse(null);
	}

	private void line(String line) {
		if (!line.startsWith("id: ")) {
			return;
		}
		long id = Long.parseLong(line.substring(4).trim());
		this.lastId.set(id);
		if (!this.stalled) {
			acknowledge(id);
		}
	}

	void acknowledge(long index) {
		this.client.sendAsync(HttpRequest.newBuilder(URI.create(this.base + "/api/v1/watch/" + id() + "/applied?index="
				+ index)).PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
				BodyHandlers.discarding());
	}

	void close() {
		this.response.thenAccept((answer) -> answer.body().close());
		this.response.cancel(true);
	}

}
