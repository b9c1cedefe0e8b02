package dev.discovery.server.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server standing in for an instance, whose health answer a test changes at will.
 */
final class StubInstance implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private volatile int status = 200;

	private volatile String location = "";

	private volatile CountDownLatch hold = new CountDownLatch(0);

	StubInstance() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			try {
				this.hold.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (!this.location.isEmpty()) {
				exchange.getResponseHeaders().add("Location", this.location);
			}
			exchange.sendResponseHeaders(this.status, -1);
			exchange.close();
		});
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	void answer(int status) {
		this.status = status;
	}

	void redirectTo(String location) {
		this.status = 302;
		this.location = location;
	}

	/** Makes the instance hang until {@link #release()}. */
	void hang() {
		this.hold = new CountDownLatch(1);
	}

	void release() {
		this.hold.countDown();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
