package dev.discovery.client.watch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.discovery.client.serviceregistry.Backoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watch against a scripted registry: each connection gets one canned stream and ends, so the watch must
 * reconnect, resume from the index it has, and keep its view when the registry is gone.
 */
class RegistryWatchTests {

	private static final String INSTANCE = "{\"service\":\"payment\",\"instanceId\":\"%s\",\"host\":\"10.0.0.1\","
			+ "\"port\":8080,\"status\":\"UP\",\"health\":\"PASSING\",\"index\":%d}";

	private final Queue<String> requests = new ConcurrentLinkedQueue<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final HttpServer server = start();

	private final RegistryView view = new RegistryView();

	private final RegistryWatch watch = new RegistryWatch(
			List.of(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort())), HttpClient.newHttpClient(),
			"secret", this.view, new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofSeconds(30));

	@AfterEach
	void stop() {
		this.watch.stop();
		this.server.stop(0);
	}

	@Test
	void watchShouldResumeFromItsIndexAndKeepItsViewWhenTheRegistryGoesAway() {
		this.watch.start();
		this.watch.subscribe("payment");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.view.index() == 6);
		assertThat(this.view.instances("payment")).extracting((i) -> i.instanceId()).containsExactly("p-1", "p-2");
		assertThat(this.requests.peek()).contains("services=payment").contains("token=Bearer secret")
			.doesNotContain("last=");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.requests.size() >= 2);
		assertThat(List.copyOf(this.requests).get(1)).contains("last=6");
		this.server.stop(0);
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.watch.isConnected() && this.watch.lastError() != null);
		assertThat(this.view.instances("payment")).hasSize(2);
	}

	private HttpServer start() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			http.createContext("/api/v1/watch", this::stream);
			http.start();
			return http;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** First connection: a snapshot and a change, then the stream ends. Later ones: a heartbeat, then it ends. */
	private void stream(HttpExchange exchange) throws IOException {
		String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
		this.requests.add(exchange.getRequestURI().getQuery() + " token=" + exchange.getRequestHeaders()
			.getFirst("Authorization") + ((last != null) ? " last=" + last : ""));
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		String body = (this.connections.getAndIncrement() == 0)
				? "event: snapshot\nid: 5\ndata: {\"index\":5,\"services\":{\"payment\":[" + INSTANCE.formatted("p-1", 3)
						+ "]}}\n\nevent: change\nid: 6\ndata: {\"index\":6,\"kind\":\"REGISTERED\",\"service\":\"payment\","
						+ "\"instanceId\":\"p-2\",\"instance\":" + INSTANCE.formatted("p-2", 6) + ",\"passing\":true}\n\n"
				: ":hb\n\n";
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body.getBytes(StandardCharsets.UTF_8));
		}
	}

}
