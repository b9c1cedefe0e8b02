package dev.discovery.client.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.discovery.client.test.StubRegistry;
import dev.discovery.client.test.TestApps;

/**
 * A service instance for tests: answers every request with its id, or fails as told (a status, a connection
 * closed without an answer), and counts the requests it got.
 */
final class Backend implements AutoCloseable {

	private final HttpServer server;

	private final String id;

	private final AtomicInteger hits = new AtomicInteger();

	private volatile int status = 200;

	private volatile String retryAfter;

	private volatile boolean reset;

	private volatile Duration delay = Duration.ZERO;

	private Backend(String id) throws IOException {
		this.id = id;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newFixedThreadPool(16));
		this.server.start();
	}

	static Backend start(String id) {
		try {
			return new Backend(id);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A port nothing listens on: connections to it are refused. */
	static int deadPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Registers an instance of a service at the (stub) registry, on 127.0.0.1. */
	static void register(StubRegistry registry, String service, String id, int port) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(registry.url() + "/api/v1/services/" + service + "/instances/" + id))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"host\":\"127.0.0.1\",\"port\":" + port + "}"))
			.build();
		int status = TestApps.send(request).statusCode();
		if (status != 200 && status != 201) {
			throw new IllegalStateException("Registering " + service + "/" + id + " answered " + status);
		}
	}

	String id() {
		return this.id;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	int hits() {
		return this.hits.get();
	}

	void answer(int status, String retryAfter) {
		this.status = status;
		this.retryAfter = retryAfter;
		this.reset = false;
	}

	void reset() {
		this.reset = true;
	}

	void healthy() {
		answer(200, null);
	}

	/** Answers only after this long (a slow instance: overloaded, in a long GC pause...). */
	void delay(Duration delay) {
		this.delay = delay;
	}

	private void handle(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		this.hits.incrementAndGet();
		if (!this.delay.isZero()) {
			try {
				Thread.sleep(this.delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.reset) {
			// No answer: the connection closes under the client.
			exchange.close();
			return;
		}
		if (this.retryAfter != null) {
			exchange.getResponseHeaders().add("Retry-After", this.retryAfter);
		}
		byte[] body = this.id.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(this.status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
