package dev.discovery.server.watch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;

/**
 * One server for the watch tests, with short heartbeats and a small per-watcher queue so slow watchers are quick to
 * provoke.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"server.address=127.0.0.1", "discovery.server.lease.eviction-interval=1h",
				"discovery.server.watch.heartbeat-interval=300ms", "discovery.server.watch.max-pending-events=32",
				"discovery.server.watch.history-size=64" })
abstract class WatchTestSupport {

	static final String INSTANCE = "{\"host\":\"10.0.1.5\",\"port\":8080}";

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Autowired
	WatchHub hub;

	HttpClient client;

	private ExecutorService executor;

	@BeforeEach
	void openClient() {
		this.executor = Executors.newFixedThreadPool(4);
		this.client = HttpClient.newBuilder().executor(this.executor).connectTimeout(Duration.ofSeconds(5)).build();
		this.registry.allInstances().forEach(this::deregisterIfStillThere);
	}

	/** An earlier test's short lease may expire between listing and deregistering: that instance is gone anyway. */
	private void deregisterIfStillThere(RegisteredInstance instance) {
		try {
			this.registry.deregister(instance.service(), instance.id());
		}
		catch (InstanceNotFoundException ex) {
			// already expired
		}
	}

	@AfterEach
	void closeClient() {
		this.executor.shutdownNow();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	HttpResponse<String> put(String path) throws Exception {
		return put(path, INSTANCE);
	}

	HttpResponse<String> put(String path, String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(url(path)))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
	}

	HttpResponse<String> get(String path) throws Exception {
		return getAsync(path).get();
	}

	CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return this.client.sendAsync(HttpRequest.newBuilder(URI.create(url(path))).build(), BodyHandlers.ofString());
	}

	static long index(HttpResponse<?> response) {
		return Long.parseLong(response.headers().firstValue("X-Discovery-Index").orElseThrow());
	}

}
