package dev.discovery.server.watch;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.discovery.server.epoch.RegistryEpoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BlockingQueryIntegrationTests extends WatchTestSupport {

	@Autowired
	BlockingQueries queries;

	@Autowired
	RegistryEpoch epoch;

	@Test
	void queryBehindTheServiceShouldAnswerAtOnce() throws Exception {
		long before = index(put("/api/v1/services/pay/instances/p-1"));
		put("/api/v1/services/pay/instances/p-2");
		long started = System.nanoTime();
		HttpResponse<String> response = get("/api/v1/services/pay/instances?index=" + before + "&wait=10s");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"p-1\"", "\"p-2\"");
		assertThat(index(response)).isEqualTo(this.registry.index());
	}

	@Test
	void queryShouldParkUntilTheServiceChanges() throws Exception {
		long index = index(put("/api/v1/services/pay/instances/p-1"));
		CompletableFuture<HttpResponse<String>> parked = getAsync(
				"/api/v1/services/pay/instances?index=" + index + "&wait=30s");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.queries.waiting() == 1);
		assertThat(parked).isNotDone();
		put("/api/v1/services/other/instances/o-1");
		assertThat(parked).as("a change to another service leaves it parked").isNotDone();
		long changed = index(put("/api/v1/services/pay/instances/p-2"));
		HttpResponse<String> response = parked.get(5, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"p-2\"");
		assertThat(index(response)).isGreaterThanOrEqualTo(changed);
		assertThat(this.queries.waiting()).isZero();
	}

	@Test
	void queryShouldAnswerWithTheSameIndexWhenTheWaitEnds() throws Exception {
		long index = index(put("/api/v1/services/pay/instances/p-1"));
		long started = System.nanoTime();
		HttpResponse<String> response = get("/api/v1/services/pay/instances?index=" + index + "&wait=300ms");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(index(response)).isEqualTo(index);
		assertThat(response.body()).contains("\"p-1\"");
	}

	@Test
	void queryShouldSendGzipWhenAskedWithThePlainReadsHeaders() throws Exception {
		long before = index(put("/api/v1/services/zip/instances/z-0"));
		for (int i = 1; i < 8; i++) {
			put("/api/v1/services/zip/instances/z-" + i);
		}
		HttpResponse<String> plain = get("/api/v1/services/zip/instances");
		HttpResponse<byte[]> zipped = this.client.send(HttpRequest
			.newBuilder(URI.create(url("/api/v1/services/zip/instances?index=" + before + "&wait=10s")))
			.header("Accept-Encoding", "gzip")
			.build(), BodyHandlers.ofByteArray());
		assertThat(zipped.statusCode()).isEqualTo(200);
		assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
		assertThat(zipped.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(zipped.headers().firstValue("ETag")).isEqualTo(plain.headers().firstValue("ETag")).isPresent();
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.body());
		}
		assertThat(zipped.body().length).isLessThan(plain.body().length());
	}

	@Test
	void queryWhoseAnswerTheClientHoldsShouldEndWith304() throws Exception {
		put("/api/v1/services/held/instances/h-1");
		HttpResponse<String> plain = get("/api/v1/services/held/instances");
		String etag = plain.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> unchanged = this.client.send(HttpRequest
			.newBuilder(URI.create(url("/api/v1/services/held/instances?index=" + index(plain) + "&wait=300ms")))
			.header("If-None-Match", etag)
			.build(), BodyHandlers.ofString());
		assertThat(unchanged.statusCode()).isEqualTo(304);
		assertThat(unchanged.body()).isEmpty();
		assertThat(index(unchanged)).isEqualTo(index(plain));
		assertThat(unchanged.headers().firstValue("ETag")).hasValue(etag);

		CompletableFuture<HttpResponse<String>> parked = this.client.sendAsync(HttpRequest
			.newBuilder(URI.create(url("/api/v1/services/held/instances?index=" + index(plain) + "&wait=30s")))
			.header("If-None-Match", etag)
			.build(), BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(5)).until(() -> this.queries.waiting() == 1);
		put("/api/v1/services/held/instances/h-2");
		HttpResponse<String> changed = parked.get(5, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(changed.statusCode()).as("the client's copy is stale now").isEqualTo(200);
		assertThat(changed.body()).contains("\"h-2\"");
		assertThat(changed.headers().firstValue("ETag")).isPresent().isNotEqualTo(Optional.of(etag));
	}

	@Test
	void queryOnUnknownServiceShouldAnswerWhenItAppears() throws Exception {
		HttpResponse<String> missing = get("/api/v1/services/late/instances");
		assertThat(missing.statusCode()).isEqualTo(200);
		assertThat(missing.body()).isEqualTo("[]");
		long index = index(missing);
		CompletableFuture<HttpResponse<String>> parked = getAsync(
				"/api/v1/services/late/instances?index=" + index + "&wait=30s");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.queries.waiting() == 1);
		put("/api/v1/services/late/instances/l-1");
		HttpResponse<String> response = parked.get(5, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"l-1\"");
	}

	@Test
	void queryOnUnknownServiceShouldAnswerAnEmptyListWithIndexWhenTheWaitEnds() throws Exception {
		HttpResponse<String> response = get("/api/v1/services/ghost/instances?index=" + this.registry.index()
				+ "&wait=200ms");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("[]");
		assertThat(index(response)).isEqualTo(this.registry.index());
		assertThat(response.headers().firstValue("X-Discovery-Epoch")).hasValue(this.epoch.id());
	}

	@Test
	void serviceWhoseLastInstanceLeftShouldAnswerAnEmptyListEverywhere() throws Exception {
		put("/api/v1/services/gone/instances/g-1");
		long removed = this.registry.deregister("gone", "g-1").index();
		for (String query : new String[] { "", "?passing=false", "?index=0&wait=1s", "?index=0&wait=1s&passing=false" }) {
			HttpResponse<String> response = get("/api/v1/services/gone/instances" + query);
			assertThat(response.statusCode()).as(query).isEqualTo(200);
			assertThat(response.body()).as(query).isEqualTo("[]");
			assertThat(index(response)).as(query).isGreaterThanOrEqualTo(removed);
		}
	}

	@Test
	void indexOfAnotherEpochShouldBeAnsweredAtOnce() throws Exception {
		long index = index(put("/api/v1/services/pay/instances/p-1"));
		HttpResponse<String> same = get("/api/v1/services/pay/instances?index=" + index + "&wait=300ms&epoch="
				+ this.epoch.id());
		assertThat(index(same)).isEqualTo(index);
		long started = System.nanoTime();
		HttpResponse<String> other = get("/api/v1/services/pay/instances?index=" + index + "&wait=30s&epoch=other");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.body()).contains("\"p-1\"");
	}

	@Test
	void waitWithoutIndexShouldAnswer400Problem() throws Exception {
		HttpResponse<String> response = get("/api/v1/services/pay/instances?wait=30s");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("index");
	}

	@Test
	void badWaitOrIndexShouldAnswer400Problem() throws Exception {
		HttpResponse<String> badWait = get("/api/v1/services/pay/instances?index=1&wait=soon");
		assertThat(badWait.statusCode()).isEqualTo(400);
		assertThat(badWait.body()).contains("wait");
		assertThat(get("/api/v1/services/pay/instances?index=-1").statusCode()).isEqualTo(400);
		assertThat(get("/api/v1/services/pay/instances?index=abc").statusCode()).isEqualTo(400);
	}

	@Test
	void plainReadShouldStayNonBlocking() throws Exception {
		put("/api/v1/services/pay/instances/p-1");
		HttpResponse<String> response = get("/api/v1/services/pay/instances");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(get("/api/v1/services/none/instances").body()).isEqualTo("[]");
	}

}
