package dev.discovery.sample.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A payment-service instance for tests: answers with a fixed status (and {@code Retry-After}), echoing its id, the
 * method and the body, or with status {@link #RESET} closes the connection without an answer; remembers when each
 * request came.
 */
final class Backend implements AutoCloseable {

	/** The status that makes it close the connection after reading the request, without answering. */
	static final int RESET = -1;

	private final HttpServer server;

	private final String id;

	private final int status;

	private final String retryAfter;

	private final List<Long> arrivals = new CopyOnWriteArrayList<>();

	private Backend(String id, int status, String retryAfter) throws IOException {
		this.id = id;
		this.status = status;
		this.retryAfter = retryAfter;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.start();
	}

	static Backend start(String id, int status, String retryAfter) {
		try {
			return new Backend(id, status, retryAfter);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String id() {
		return this.id;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	int hits() {
		return this.arrivals.size();
	}

	/** {@link System#nanoTime()} at each request's arrival. */
	List<Long> arrivals() {
		return this.arrivals;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		this.arrivals.add(System.nanoTime());
		if (this.status == RESET) {
			exchange.close();
			return;
		}
		if (this.retryAfter != null) {
			exchange.getResponseHeaders().add("Retry-After", this.retryAfter);
		}
		byte[] answer = (this.id + " " + exchange.getRequestMethod() + " " + body).getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(this.status, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
