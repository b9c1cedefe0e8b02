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

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.server.DiscoveryServerApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WatchShutdownIntegrationTests {

	@Test
	void shutdownShouldEndStreamsAndAnswerParkedQueriesWithoutWaitingForThem() throws Exception {
		ConfigurableApplicationContext context = SpringApplication.run(DiscoveryServerApplication.class,
				"--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
				"--discovery.server.snapshot.enabled=false", "--spring.lifecycle.timeout-per-shutdown-phase=20s");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		ExecutorService executor = Executors.newFixedThreadPool(2);
		HttpClient client = HttpClient.newBuilder().executor(executor).build();
		try {
			SseRecorder watcher = SseRecorder.open(client, "http://127.0.0.1:" + port + "/api/v1/watch?services=*");
			await().atMost(Duration.ofSeconds(5)).until(() -> watcher.events.size() == 1);
			CompletableFuture<HttpResponse<String>> parked = client.sendAsync(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/services/pay/instances?index=0&wait=5m"))
				.build(), BodyHandlers.ofString());
			BlockingQueries queries = context.getBean(BlockingQueries.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> queries.waiting() == 1);
			long started = System.nanoTime();
			context.close();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			await().atMost(Duration.ofSeconds(5)).until(watcher.ended::get);
			assertThat(parked.get().statusCode()).isEqualTo(200);
			assertThat(parked.get().body()).isEqualTo("[]");
		}
		finally {
			context.close();
			executor.shutdownNow();
		}
	}

}
