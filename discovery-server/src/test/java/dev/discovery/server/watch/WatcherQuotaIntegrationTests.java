package dev.discovery.server.watch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One client address may hold only so many watch streams; the next is refused with a problem detail, and a closed
 * stream frees its place.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"server.address=127.0.0.1", "discovery.server.watch.max-watchers-per-address=2",
				// A closed client is noticed at the next write; heartbeat often so that is soon.
				"discovery.server.watch.heartbeat-interval=200ms" })
class WatcherQuotaIntegrationTests {

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void watchersBeyondTheQuotaShouldBeRefusedUntilOneCloses() throws Exception {
		String watch = "http://127.0.0.1:" + this.port + "/api/v1/watch?services=*";
		SseRecorder first = SseRecorder.open(this.client, watch);
		SseRecorder second = SseRecorder.open(this.client, watch);
		assertThat(first.response().get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(second.response().get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = get(watch);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("already holds 2 watch streams");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		first.cancel();
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			SseRecorder third = SseRecorder.open(this.client, watch);
			boolean accepted = third.response().get(5, TimeUnit.SECONDS).statusCode() == 200;
			third.cancel();
			return accepted;
		});
		second.cancel();
	}

	private HttpResponse<String> get(String url) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
