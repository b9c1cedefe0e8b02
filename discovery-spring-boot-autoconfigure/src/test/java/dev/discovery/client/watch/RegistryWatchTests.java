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
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.client.registry.RegistryAccess;
import dev.discovery.client.serviceregistry.Backoff;
import dev.discovery.protocol.WatchSubscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watch against a scripted registry: each connection is answered by the next script (the last one repeats), so
 * the watch must reconnect, resume from the index and epoch it has, take in every subscription, and keep its view
 * when the registry goes away or restarts.
 */
class RegistryWatchTests {

	private static final String INSTANCE = "{\"service\":\"%s\",\"instanceId\":\"%s\",\"host\":\"10.0.0.1\","
			+ "\"port\":8080,\"status\":\"UP\",\"health\":\"PASSING\",\"leaseTtl\":\"%s\",\"index\":%d}";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Queue<Script> scripts = new ConcurrentLinkedQueue<>();

	private volatile Script last = (exchange, request) -> stream(exchange, "e1", ":hb\n\n");

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
	void watchShouldResumeFromItsIndexAndEpochAndKeepItsViewWhenTheRegistryGoesAway() {
		script((exchange, request) -> stream(exchange, "e1", snapshot(5, "e1", false, "payment", "p-1")
				+ change(6, "payment", "p-2")));
		this.watch.start();
		this.watch.subscribe("payment");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.view.index() == 6);
		assertThat(this.view.instances("payment")).extracting((i) -> i.instanceId()).containsExactly("p-1", "p-2");
		Request first = this.requests.get(0);
		assertThat(first.services()).containsExactly("payment");
		assertThat(first.token()).isEqualTo("Bearer secret");
		assertThat(first.lastEventId()).isNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.requests.size() >= 2);
		assertThat(this.requests.get(1).lastEventId()).isEqualTo("6");
		assertThat(this.requests.get(1).epoch()).isEqualTo("e1");
		this.server.stop(0);
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.watch.isConnected() && this.watch.lastError() != null);
		assertThat(this.view.instances("payment")).hasSize(2);
	}

	@Test
	void servicesSubscribedWhileConnectingShouldAllReachTheStream() {
		// The first answer is slow: the second subscription arrives while the stream is being opened.
		script((exchange, request) -> {
			sleep(400);
			stream(exchange, "e1", snapshotOf(request, 5));
		});
		this.last = (exchange, request) -> stream(exchange, "e1", snapshotOf(request, 5) + ":hb\n\n");
		this.watch.start();
		Thread other = new Thread(() -> this.watch.subscribe("cart"));
		this.watch.subscribe("payment");
		sleep(100);
		other.start();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.view.instances("payment") != null && this.view.instances("cart") != null);
		assertThat(this.requests.get(this.requests.size() - 1).services()).containsExactlyInAnyOrder("payment", "cart");
	}

	@Test
	void aThousandServicesShouldTravelInOneStreamAndUnusedOnesBeDropped() {
		this.last = (exchange, request) -> stream(exchange, "e1", snapshotOf(request, 5) + ":hb\n\n");
		this.watch.start();
		IntStream.range(0, 1000).forEach((i) -> this.watch.subscribe("service-" + i));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.requests.stream()
			.anyMatch((r) -> r.services().size() == 1000) && this.view.instances("service-999") != null);
		assertThat(IntStream.range(0, 1000).allMatch((i) -> this.view.instances("service-" + i) != null)).isTrue();
		// Only now: on a loaded machine the first stream can take longer than the forget time to arrive.
		this.watch.setForgetAfter(Duration.ofMillis(1500));
		long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (System.nanoTime() < until) {
			this.watch.touch("service-7");
			sleep(100);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.watch.services().equals(Set.of("service-7")));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.requests.get(this.requests.size() - 1).services().equals(List.of("service-7")));
		assertThat(this.view.instances("service-8")).isNull();
		assertThat(this.view.instances("service-7")).isNotNull();
	}

	@Test
	void aServiceWatchedAgainAfterItWasDroppedShouldGetAFreshSnapshot() {
		// Resumed, the registry replays only what changed since: p-1, registered before, would be missing.
		this.last = (exchange, request) -> stream(exchange, "e1", (request.lastEventId() == null)
				? snapshot(5, "e1", false, "payment", "p-1") + ":hb\n\n" : change(6, "payment", "p-2") + ":hb\n\n");
		this.watch.start();
		this.watch.subscribe("payment");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.view.index() == 6);
		assertThat(this.view.instances("payment")).extracting((i) -> i.instanceId()).containsExactly("p-1", "p-2");
		this.watch.unsubscribe("payment");
		assertThat(this.view.instances("payment")).isNull();
		int before = this.requests.size();
		this.watch.subscribe("payment");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.requests.size() > before
				&& this.requests.get(this.requests.size() - 1).services().equals(List.of("payment")));
		assertThat(this.requests.get(before).lastEventId()).isNull();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.view.instances("payment"))
			.extracting((i) -> i.instanceId()).contains("p-1"));
	}

	@Test
	void restartedRegistryWarmingUpShouldGetAFreshSnapshotAndNotEmptyTheView() {
		script((exchange, request) -> stream(exchange, "e1", snapshot(40, "e1", false, "payment", "p-1", "p-2")));
		// The restarted registry: a new epoch, it knows only p-1 so far.
		this.last = (exchange, request) -> stream(exchange, "e2",
				(request.lastEventId() == null) ? snapshot(2, "e2", true, "payment", "p-1") + ":hb\n\n" : ":hb\n\n");
		this.watch.start();
		this.watch.subscribe("payment");
		await().atMost(Duration.ofSeconds(5)).until(() -> "e2".equals(this.view.epoch()));
		assertThat(this.view.index()).isEqualTo(2);
		assertThat(this.view.instances("payment")).extracting((i) -> i.instanceId()).containsExactly("p-1", "p-2");
		Request resumed = this.requests.get(1);
		assertThat(resumed.lastEventId()).isEqualTo("40");
		assertThat(this.requests.get(2).lastEventId()).as("never resumes in another epoch's index space").isNull();
		// p-2 never heartbeats the new registry: dropped after its lease TTL (3s here).
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.view.instances("payment")).extracting((i) -> i.instanceId())
				.containsExactly("p-1"));
	}

	@Test
	void refusedTokenShouldBeReportedAndRetried() {
		RegistryAccess access = new RegistryAccess();
		this.watch.setAccess(access);
		script((exchange, request) -> status(exchange, 401));
		this.last = (exchange, request) -> stream(exchange, "e1", snapshotOf(request, 5) + ":hb\n\n");
		this.watch.start();
		this.watch.subscribe("payment");
		await().atMost(Duration.ofSeconds(5)).until(() -> access.refusals().containsKey("watch"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.view.instances("payment") != null);
		assertThat(access.refusals()).isEmpty();
	}

	@Test
	void registryRefusingTheListAsTooLongShouldBeWatchedWhole() {
		script((exchange, request) -> status(exchange, 413));
		this.last = (exchange, request) -> stream(exchange, "e1", snapshot(5, "e1", false, "payment", "p-1")
				+ ":hb\n\n");
		this.watch.start();
		this.watch.subscribe("payment");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.view.instances("payment") != null);
		assertThat(this.requests.get(1).services()).containsExactly("*");
	}

	@Test
	void eachConnectionShouldAskTheTokenSupplierSoARotatedTokenIsUsedOnReconnect() {
		AtomicReference<String> token = new AtomicReference<>("first");
		RegistryWatch rotating = new RegistryWatch(
				List.of(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort())),
				HttpClient.newHttpClient(), token::get, this.view, new Backoff(Duration.ofMillis(50),
						Duration.ofMillis(200)), Duration.ofSeconds(30));
		try {
			rotating.start();
			rotating.subscribe("payment");
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.requests.isEmpty());
			token.set("second");
			// The stream ends after each heartbeat, so the watch reconnects and asks again.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> "Bearer second".equals(this.requests.get(this.requests.size() - 1).token()));
			assertThat(this.requests.get(0).token()).isEqualTo("Bearer first");
		}
		finally {
			rotating.stop();
		}
	}

	private void script(Script script) {
		this.scripts.add(script);
	}

	private HttpServer start() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			ExecutorService executor = Executors.newCachedThreadPool();
			http.setExecutor(executor);
			http.createContext("/api/v1/watch", this::handle);
			http.start();
			return http;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		WatchSubscription body = json.readValue(exchange.getRequestBody(), WatchSubscription.class);
		Request request = new Request(exchange.getRequestMethod(), body.services(),
				exchange.getRequestHeaders().getFirst("Last-Event-ID"),
				exchange.getRequestHeaders().getFirst("X-Discovery-Epoch"),
				exchange.getRequestHeaders().getFirst("Authorization"));
		this.requests.add(request);
		Script script = this.scripts.poll();
		((script != null) ? script : this.last).answer(exchange, request);
	}

	private static void stream(HttpExchange exchange, String epoch, String body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.getResponseHeaders().set("X-Discovery-Epoch", epoch);
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body.getBytes(StandardCharsets.UTF_8));
			out.flush();
			sleep(200);
		}
	}

	private static void status(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	private static String snapshot(long index, String epoch, boolean warmingUp, String service, String... ids) {
		String instances = java.util.Arrays.stream(ids)
			.map((id) -> INSTANCE.formatted(service, id, "3s", index))
			.collect(Collectors.joining(","));
		return "event: snapshot\nid: " + index + "\ndata: {\"index\":" + index + ",\"epoch\":\"" + epoch
				+ "\",\"restored\":false,\"warmingUp\":" + warmingUp + ",\"services\":{\"" + service + "\":["
				+ instances + "]}}\n\n";
	}

	/** An empty snapshot of every service the request names. */
	private static String snapshotOf(Request request, long index) {
		String services = request.services().stream().map((s) -> "\"" + s + "\":[]").collect(Collectors.joining(","));
		return "event: snapshot\nid: " + index + "\ndata: {\"index\":" + index + ",\"epoch\":\"e1\",\"services\":{"
				+ services + "}}\n\n";
	}

	private static String change(long index, String service, String id) {
		return "event: change\nid: " + index + "\ndata: {\"index\":" + index + ",\"kind\":\"REGISTERED\",\"service\":\""
				+ service + "\",\"instanceId\":\"" + id + "\",\"instance\":" + INSTANCE.formatted(service, id, "15s", index)
				+ ",\"passing\":true}\n\n";
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface Script {

		void answer(HttpExchange exchange, Request request) throws IOException;

	}

	private record Request(String method, List<String> services, @Nullable String lastEventId,
			@Nullable String epoch, @Nullable String token) {
	}

}
