package dev.discovery.client.watch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.discovery.client.registry.RegistryTokenSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledgements against a registry stub that records them: batched once per interval with every index's own
 * time, removals at once, none after the stream's id is refused.
 */
class WatchAcknowledgerTests {

	private final List<String> received = new CopyOnWriteArrayList<>();

	private volatile int status = 204;

	private final HttpServer server = start();

	private final WatchAcknowledger acknowledger = new WatchAcknowledger(HttpClient.newHttpClient(),
			RegistryTokenSupplier.of("secret"), Duration.ofMillis(1500));

	@AfterEach
	void stop() {
		this.acknowledger.stop();
		this.server.stop(0);
	}

	@Test
	void changesWithinOneIntervalShouldTravelInOneAcknowledgementEachWithItsOwnTime() {
		this.acknowledger.stream(registry(), "w1");
		this.acknowledger.applied(10, false);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 1);
		assertThat(this.received.get(0)).startsWith("PUT /api/v1/watch/w1/applied?index=10&held=")
			.endsWith("Bearer secret");
		this.acknowledger.applied(11, false);
		this.acknowledger.applied(12, false);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 2);
		assertThat(this.received.get(1)).matches("PUT /api/v1/watch/w1/applied\\?index=12&held=\\d+ms&earlier=11:\\d+ms .*");
		long heldEarlier = held(this.received.get(1), "earlier=11:");
		long heldLatest = held(this.received.get(1), "index=12&held=");
		assertThat(heldEarlier).isGreaterThanOrEqualTo(heldLatest);
		// The interval was waited out: held for most of it.
		assertThat(heldLatest).isGreaterThan(500);
	}

	@Test
	void aTokenSupplierThatThrowsOnceShouldNotEndTheAcknowledgements() {
		java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
		WatchAcknowledger flaky = new WatchAcknowledger(HttpClient.newHttpClient(), () -> {
			if (calls.getAndIncrement() == 0) {
				throw new IllegalStateException("token store unreachable");
			}
			return "secret";
		}, Duration.ofMillis(1500));
		try {
			flaky.stream(registry(), "w5");
			flaky.applied(40, true);
			flaky.applied(41, true);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 1);
			assertThat(this.received.get(0)).contains("index=41").contains("earlier=40:");
		}
		finally {
			flaky.stop();
		}
	}

	@Test
	void aRemovalShouldBeAcknowledgedAtOnce() {
		this.acknowledger.stream(registry(), "w2");
		this.acknowledger.applied(20, false);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 1);
		long sent = System.nanoTime();
		this.acknowledger.applied(21, true);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 2);
		assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(1500));
		assertThat(this.received.get(1)).contains("index=21");
	}

	@Test
	void anUnknownStreamShouldStopTheAcknowledgementsUntilTheNextStream() throws Exception {
		this.status = 404;
		this.acknowledger.stream(registry(), "gone");
		this.acknowledger.applied(30, true);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 1);
		this.acknowledger.applied(31, true);
		Thread.sleep(300);
		assertThat(this.received).hasSize(1);
		this.status = 204;
		this.acknowledger.stream(registry(), "next");
		this.acknowledger.applied(32, true);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 2);
		assertThat(this.received.get(1)).contains("/watch/next/applied?index=32");
	}

	@Test
	void aStreamWithoutAnIdShouldSendNothing() throws Exception {
		this.acknowledger.stream(registry(), null);
		this.acknowledger.applied(40, true);
		Thread.sleep(300);
		assertThat(this.received).isEmpty();
	}

	private static long held(String request, String after) {
		int start = request.indexOf(after) + after.length();
		return Long.parseLong(request.substring(start, request.indexOf("ms", start)));
	}

	private URI registry() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	private HttpServer start() {
		try {
			HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			stub.createContext("/", (exchange) -> {
				this.received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization"));
				exchange.sendResponseHeaders(this.status, -1);
				exchange.close();
			});
			stub.start();
			return stub;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
