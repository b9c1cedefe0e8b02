package dev.discovery.server.watch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.discovery.server.TestTokens;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;

import static dev.discovery.server.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The push API behind bearer tokens: reading needs the read role, and the non-blocking stream works through the
 * security filters' response wrappers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"server.address=127.0.0.1" })
class SecuredWatchIntegrationTests {

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry properties) {
		TestTokens.of(token("dashboard", "read-secret", "read")).addTo(properties);
	}

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final HttpClient client = HttpClient.newBuilder().executor(this.executor).build();

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
	}

	@Test
	void watchShouldNeedTheReadRole() throws Exception {
		HttpResponse<String> anonymous = this.client.send(
				HttpRequest.newBuilder(URI.create(url("/api/v1/watch?services=*"))).build(), BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
		HttpResponse<String> blocking = this.client.send(
				HttpRequest.newBuilder(URI.create(url("/api/v1/services/pay/instances?index=0&wait=1s"))).build(),
				BodyHandlers.ofString());
		assertThat(blocking.statusCode()).isEqualTo(401);
	}

	@Test
	void watchWithReadTokenShouldStreamChanges() throws Exception {
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=*"),
				Map.of("Authorization", "Bearer read-secret"));
		assertThat(watcher.response().get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> watcher.events.size() == 1);
		long index = this.registry.register("pay", "p-1", Registrations.spec("10.0.0.1", 8080)).index();
		await().atMost(Duration.ofSeconds(5)).until(() -> watcher.events.size() == 2);
		assertThat(watcher.ids()).endsWith(index);
		watcher.cancel();
	}

	@Test
	void aReadTokenShouldAcknowledgeAndReadPropagationWhichAnonymousCannot() throws Exception {
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=pay"),
				Map.of("Authorization", "Bearer read-secret", "X-Discovery-Watcher", "order-service"));
		String id = watcher.response().get(5, TimeUnit.SECONDS).headers().firstValue("X-Discovery-Watch-Id").orElseThrow();
		HttpRequest.Builder acknowledge = HttpRequest.newBuilder(URI.create(url("/api/v1/watch/" + id + "/applied?index=1")))
			.PUT(HttpRequest.BodyPublishers.noBody());
		assertThat(this.client.send(acknowledge.build(), BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		assertThat(this.client.send(acknowledge.header("Authorization", "Bearer read-secret").build(),
				BodyHandlers.ofString()).statusCode()).isEqualTo(204);
		HttpRequest.Builder propagation = HttpRequest.newBuilder(URI.create(url("/api/v1/services/pay/propagation")));
		assertThat(this.client.send(propagation.build(), BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		assertThat(this.client.send(propagation.header("Authorization", "Bearer read-secret").build(),
				BodyHandlers.ofString()).body()).contains("\"subscribers\":1");
		watcher.cancel();
	}

	@Test
	void blockingQueryWithReadTokenShouldBeAnsweredAfterItsWait() throws Exception {
		long index = this.registry.register("pay", "p-1", Registrations.spec("10.0.0.1", 8080)).index();
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create(url("/api/v1/services/pay/instances?index=" + index + "&wait=300ms")))
					.header("Authorization", "Bearer read-secret")
					.build(),
				BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"p-1\"");
	}

	@Test
	void blockingQueryWithReadTokenShouldBeAnsweredOnChange() throws Exception {
		long index = this.registry.register("pay", "p-1", Registrations.spec("10.0.0.1", 8080)).index();
		java.util.concurrent.CompletableFuture<HttpResponse<String>> parked = this.client.sendAsync(
				HttpRequest.newBuilder(URI.create(url("/api/v1/services/pay/instances?index=" + index + "&wait=30s")))
					.header("Authorization", "Bearer read-secret")
					.build(),
				BodyHandlers.ofString());
		await().pollDelay(Duration.ofMillis(200)).until(() -> true);
		this.registry.register("pay", "p-2", Registrations.spec("10.0.0.2", 8080));
		HttpResponse<String> response = parked.get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"p-2\"");
	}

	@Test
	void deliveryConfirmationWithReadTokenShouldAnswer() throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create(url("/api/v1/watch/delivered?wait=2s")))
					.header("Authorization", "Bearer read-secret")
					.build(),
				BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"delivered\":true");
	}

	@Test
	void postedWatchShouldNeedTheReadRoleAndNotCountAsAWrite() throws Exception {
		HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(url("/api/v1/watch")))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"services\":[\"pay\"]}"));
		assertThat(this.client.send(post.build(), BodyHandlers.discarding()).statusCode()).isEqualTo(401);
		SseRecorder watcher = SseRecorder.open(this.client,
				post.header("Authorization", "Bearer read-secret").build());
		assertThat(watcher.response().get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> watcher.events.size() == 1);
		watcher.cancel();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
