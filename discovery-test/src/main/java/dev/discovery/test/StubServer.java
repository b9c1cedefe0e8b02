package dev.discovery.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP server behind a fake instance, on 127.0.0.1 and a free port: it answers its health paths (up or down, as
 * the test says), the responses the test gave it, and anything else with a small JSON echo naming the instance.
 */
final class StubServer {

	private static final Set<String> HEALTH_PATHS = Set.of("/health", "/health/ready", "/health/live",
			"/actuator/health");

	private static final AtomicInteger threads = new AtomicInteger();

	private final Map<String, Response> responses = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final String echo;

	private final HttpServer server;

	private final ExecutorService executor;

	private volatile boolean healthy = true;

	/** Open unless the server hangs; requests wait on it before anything else. */
	private volatile CountDownLatch hold = new CountDownLatch(0);

	StubServer(String service, String instanceId) {
		this.echo = "{\"service\":\"" + service + "\",\"instanceId\":\"" + instanceId + "\",\"path\":\"%s\"}";
		this.executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "fake-" + instanceId + "-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the stub server of " + instanceId, ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	void respond(String path, int status, String body) {
		this.responses.put(path, new Response(status, body));
	}

	void healthy(boolean healthy) {
		this.healthy = healthy;
	}

	/** From now on every request waits, unanswered, until the server stops. */
	void hang() {
		this.hold = new CountDownLatch(1);
	}

	List<String> requests() {
		return List.copyOf(this.requests);
	}

	void stop() {
		this.hold.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			try {
				this.hold.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			exchange.getRequestBody().readAllBytes();
			String path = exchange.getRequestURI().getPath();
			Response response;
			if (HEALTH_PATHS.contains(path)) {
				response = this.healthy ? new Response(200, "{\"status\":\"UP\"}")
						: new Response(503, "{\"status\":\"DOWN\"}");
			}
			else {
				this.requests.add(exchange.getRequestMethod() + " " + path);
				response = this.responses.getOrDefault(path, new Response(200, this.echo.formatted(jsonText(path))));
			}
			byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(response.status(), (body.length > 0) ? body.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static String jsonText(String text) {
		StringBuilder escaped = new StringBuilder();
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c >= ' ') {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private record Response(int status, String body) {
	}

}
