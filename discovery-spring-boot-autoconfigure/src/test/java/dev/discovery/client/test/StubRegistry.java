package dev.discovery.client.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.protocol.StatusUpdate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small in-memory registry speaking the v1 wire contract on 127.0.0.1 and a random port, for tests that must not
 * need the real server. It records every request and can be told to fail.
 */
public final class StubRegistry implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final Map<String, InstanceView> instances = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final Map<String, String> bodies = new ConcurrentHashMap<>();

	private final Map<String, String> authorizations = new ConcurrentHashMap<>();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicLong index = new AtomicLong();

	private volatile int failureStatus = 503;

	private volatile @org.jspecify.annotations.Nullable String retryAfter;

	private final java.util.Queue<Misbehaviour> misbehaviours = new java.util.concurrent.ConcurrentLinkedQueue<>();

	/** Ways a registry, or something in front of it, answers badly. */
	public enum Misbehaviour {

		/** Promises a body, sends half of it and closes the connection. */
		DROP,

		/** Answers 200 with an HTML page, as a misconfigured proxy does. */
		HTML,

		/** Answers 200 with JSON carrying an enum value this client does not know, as a newer server might. */
		UNKNOWN_ENUM

	}

	private volatile Consumer<String> listener = (request) -> {
	};

	/**
	 * Starts a stub registry.
	 * @return the running stub
	 */
	public static StubRegistry start() {
		try {
			return new StubRegistry();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private StubRegistry() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** Every request as {@code METHOD /path}, in order. */
	public List<String> requests() {
		return this.requests;
	}

	/** The last body received for {@code METHOD /path}. */
	public String body(String request) {
		return this.bodies.get(request);
	}

	/** The last value of a header received for {@code METHOD /path}; only Authorization is kept. */
	public String header(String request, String name) {
		return "Authorization".equalsIgnoreCase(name) ? this.authorizations.get(request) : null;
	}

	public Map<String, InstanceView> instances() {
		return this.instances;
	}

	/** Forgets every instance, as a restarted registry would. */
	public void forgetAll() {
		this.instances.clear();
	}

	/** Calls {@code listener} with {@code METHOD /path} of every request, before answering it. */
	public void onRequest(Consumer<String> listener) {
		this.listener = listener;
	}

	/** Answers the next {@code count} requests with {@code status} and a problem detail. */
	public void failNext(int count, int status) {
		failNext(count, status, null);
	}

	/** Answers the next {@code count} requests with {@code status}, a problem detail and {@code Retry-After}. */
	public void failNext(int count, int status, @org.jspecify.annotations.Nullable String retryAfter) {
		this.failureStatus = status;
		this.retryAfter = retryAfter;
		this.failures.set(count);
	}

	/** Answers {@code count} requests badly, the given way, after those already told to misbehave. */
	public void misbehaveNext(int count, Misbehaviour misbehaviour) {
		for (int i = 0; i < count; i++) {
			this.misbehaviours.add(misbehaviour);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		String request = method + " " + path;
		this.requests.add(request);
		this.listener.accept(request);
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		this.bodies.put(request, body);
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization != null) {
			this.authorizations.put(request, authorization);
		}
		if (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			String wait = this.retryAfter;
			if (wait != null) {
				exchange.getResponseHeaders().add("Retry-After", wait);
			}
			problem(exchange, this.failureStatus, "Stub failure");
			return;
		}
		Misbehaviour misbehaviour = this.misbehaviours.poll();
		if (misbehaviour != null) {
			misbehave(exchange, misbehaviour);
			return;
		}
		String[] parts = path.split("/");
		// parts: "", "api", "v1", "services", {service}, "instances", {id}, {action}
		if (parts.length == 4 && method.equals("GET")) {
			respond(exchange, 200, services());
		}
		else if (parts.length == 6 && method.equals("GET")) {
			listInstances(exchange, parts[4]);
		}
		else if (parts.length >= 7) {
			instance(exchange, method, parts[4], parts[6], (parts.length > 7) ? parts[7] : "", body);
		}
		else {
			problem(exchange, 404, "No route " + request);
		}
	}

	private List<ServiceSummary> services() {
		return this.instances.values()
			.stream()
			.map(InstanceView::service)
			.distinct()
			.map((name) -> new ServiceSummary(name, 1, 1, this.index.get()))
			.toList();
	}

	private void listInstances(HttpExchange exchange, String service) throws IOException {
		boolean passingOnly = !"passing=false".equals(exchange.getRequestURI().getQuery());
		List<InstanceView> views = this.instances.values()
			.stream()
			.filter((view) -> view.service().equals(service))
			.filter((view) -> !passingOnly || view.passing())
			.toList();
		exchange.getResponseHeaders().add("X-Discovery-Index", Long.toString(this.index.get()));
		respond(exchange, 200, views);
	}

	private void instance(HttpExchange exchange, String method, String service, String id, String action,
			String body) throws IOException {
		String key = service + "/" + id;
		InstanceView existing = this.instances.get(key);
		if (method.equals("PUT") && action.isEmpty()) {
			InstanceView view = view(service, id, json.readValue(body, InstanceRegistration.class));
			this.instances.put(key, view);
			respond(exchange, (existing != null) ? 200 : 201, view);
		}
		else if (existing == null) {
			problem(exchange, 404, "Unknown instance " + key);
		}
		else if (method.equals("DELETE")) {
			this.instances.remove(key);
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		}
		else if (action.equals("status")) {
			InstanceView view = withStatus(existing, json.readValue(body, StatusUpdate.class).status());
			this.instances.put(key, view);
			respond(exchange, 200, view);
		}
		else if (action.equals("heartbeat")) {
			respond(exchange, 200, new LeaseView(service, id, existing.status(), existing.health(), Instant.now(),
					Instant.now().plusSeconds(15), existing.index()));
		}
		else {
			respond(exchange, 200, existing);
		}
	}

	private void misbehave(HttpExchange exchange, Misbehaviour misbehaviour) throws IOException {
		switch (misbehaviour) {
			case DROP -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, 1000);
				exchange.getResponseBody().write("{\"service\":\"pay".getBytes(StandardCharsets.UTF_8));
				exchange.getResponseBody().flush();
				// Ends the exchange short of the promised length: the client reads a connection closed mid-answer.
				exchange.close();
			}
			case HTML -> send(exchange, 200, "text/html",
					"<html><body>Service Temporarily Unavailable</body></html>".getBytes(StandardCharsets.UTF_8));
			case UNKNOWN_ENUM -> send(exchange, 200, "application/json",
					("{\"service\":\"payment\",\"instanceId\":\"x\",\"status\":\"DRAINING\",\"health\":\"PASSING\","
							+ "\"index\":1}").getBytes(StandardCharsets.UTF_8));
		}
	}

	/** As the server answers: weight 1 unless given, and zone and weight copied into the metadata. */
	private InstanceView view(String service, String id, InstanceRegistration r) {
		InstanceStatus status = (r.status() != null) ? r.status() : InstanceStatus.UP;
		Instant now = Instant.now();
		int weight = (r.weight() != null) ? r.weight() : 1;
		Map<String, String> metadata = new LinkedHashMap<>((r.metadata() != null) ? r.metadata() : Map.of());
		metadata.put("weight", Integer.toString(weight));
		if (r.zone() != null) {
			metadata.put("zone", r.zone());
		}
		return new InstanceView(service, id, r.host(), r.port(), Boolean.TRUE.equals(r.secure()), metadata,
				(r.tags() != null) ? r.tags() : List.of(), r.zone(), weight, status, HealthState.PASSING, null, null,
				r.healthCheck(), r.leaseTtl(), now, now, now.plusSeconds(15), this.index.incrementAndGet());
	}

	private InstanceView withStatus(InstanceView v, InstanceStatus status) {
		return new InstanceView(v.service(), v.instanceId(), v.host(), v.port(), v.secure(), v.metadata(), v.tags(),
				v.zone(), v.weight(), status, v.health(), v.healthOutput(), v.lastCheckAt(), v.healthCheck(),
				v.leaseTtl(), v.registeredAt(), v.lastHeartbeat(), v.leaseExpiresAt(), this.index.incrementAndGet());
	}

	private void problem(HttpExchange exchange, int status, String detail) throws IOException {
		byte[] bytes = json.writeValueAsBytes(Map.of("title", "Error", "status", status, "detail", detail));
		send(exchange, status, "application/problem+json", bytes);
	}

	private void respond(HttpExchange exchange, int status, Object body) throws IOException {
		send(exchange, status, "application/json", json.writeValueAsBytes(body));
	}

	private void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
