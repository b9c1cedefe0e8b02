package dev.discovery.server.watch;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import dev.discovery.protocol.WatchEvents;
import dev.discovery.server.registry.Registrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WatchStreamIntegrationTests extends WatchTestSupport {

	@Autowired
	JsonMapper json;

	@Autowired
	dev.discovery.server.epoch.RegistryEpoch epoch;

	@Test
	void streamShouldSendSnapshotThenChangesInOrderWithIds() throws Exception {
		put("/api/v1/services/pay/instances/p-1");
		long snapshotIndex = this.registry.index();
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=*"));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 1);
		HttpResponse<?> response = watcher.response().get(5, TimeUnit.SECONDS);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		long registered = index(put("/api/v1/services/pay/instances/p-2"));
		put("/api/v1/services/pay/instances/p-2/status", "{\"status\":\"OUT_OF_SERVICE\"}");
		this.registry.deregister("pay", "p-1");
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 4);
		assertThat(watcher.names()).containsExactly("snapshot", "change", "change", "change");
		assertThat(watcher.ids()).containsExactly(snapshotIndex, registered, registered + 1, registered + 2);
		JsonNode snapshot = this.json.readTree(watcher.events.get(0).data());
		assertThat(snapshot.get("services").get("pay").get(0).get("instanceId").asString()).isEqualTo("p-1");
		assertThat(snapshot.get("epoch").asString()).isEqualTo(this.epoch.id());
		assertThat(response.headers().firstValue("X-Discovery-Epoch")).hasValue(this.epoch.id());
		assertThat(snapshot.has("warmingUp")).isTrue();
		assertThat(snapshot.has("restored")).isTrue();
		JsonNode outOfService = this.json.readTree(watcher.events.get(2).data());
		assertThat(outOfService.get("kind").asString()).isEqualTo("UPDATED");
		assertThat(outOfService.get("passing").asBoolean()).isFalse();
		JsonNode removed = this.json.readTree(watcher.events.get(3).data());
		assertThat(removed.get("kind").asString()).isEqualTo("DEREGISTERED");
		assertThat(removed.get("instance").isNull()).isTrue();
		watcher.cancel();
	}

	@Test
	void streamShouldSendOnlyTheNamedServices() throws Exception {
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=pay,cart"));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 1);
		assertThat(watcher.events.get(0).data()).contains("\"pay\":[]", "\"cart\":[]");
		put("/api/v1/services/other/instances/o-1");
		put("/api/v1/services/cart/instances/c-1");
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 2);
		assertThat(watcher.events.get(1).data()).contains("\"service\":\"cart\"");
		watcher.cancel();
	}

	@Test
	void resumingWatcherShouldGetOnlyWhatItMissed() throws Exception {
		long seen = index(put("/api/v1/services/pay/instances/p-1"));
		put("/api/v1/services/pay/instances/p-2");
		put("/api/v1/services/pay/instances/p-3");
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=*"),
				Map.of(WatchEvents.LAST_EVENT_ID, Long.toString(seen)));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 2);
		assertThat(watcher.names()).containsExactly("change", "change");
		assertThat(watcher.ids()).containsExactly(seen + 1, seen + 2);
		watcher.cancel();
	}

	@Test
	void resumingWatcherOfTheSameEpochShouldGetOnlyWhatItMissed() throws Exception {
		long seen = index(put("/api/v1/services/pay/instances/p-1"));
		put("/api/v1/services/pay/instances/p-2");
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=pay"),
				Map.of(WatchEvents.LAST_EVENT_ID, Long.toString(seen), "X-Discovery-Epoch", this.epoch.id()));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 1);
		assertThat(watcher.names()).containsExactly("change");
		watcher.cancel();
	}

	@Test
	void watcherResumingFromAnotherEpochShouldGetASnapshot() throws Exception {
		long seen = index(put("/api/v1/services/pay/instances/p-1"));
		put("/api/v1/services/pay/instances/p-2");
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=pay"),
				Map.of(WatchEvents.LAST_EVENT_ID, Long.toString(seen), "X-Discovery-Epoch", "another-registry"));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 1);
		assertThat(watcher.names()).containsExactly("snapshot");
		assertThat(watcher.events.get(0).data()).contains("\"p-1\"", "\"p-2\"");
		watcher.cancel();
	}

	@Test
	void postedSubscriptionShouldWatchAThousandServices() throws Exception {
		List<String> names = java.util.stream.IntStream.range(0, 1000).mapToObj((i) -> "service-number-" + i).toList();
		String body = this.json.writeValueAsString(new dev.discovery.protocol.WatchSubscription(names, null));
		SseRecorder watcher = SseRecorder.open(this.client, java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(url("/api/v1/watch")))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
			.build());
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 1);
		assertThat(this.json.readTree(watcher.events.get(0).data()).get("services").size()).isEqualTo(1000);
		put("/api/v1/services/service-number-999/instances/x-1");
		put("/api/v1/services/not-watched/instances/y-1");
		put("/api/v1/services/service-number-0/instances/x-2");
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 3);
		assertThat(watcher.events.get(1).data()).contains("service-number-999");
		assertThat(watcher.events.get(2).data()).contains("service-number-0");
		watcher.cancel();
	}

	@Test
	void watchWithoutServicesShouldAnswer400AndStarShouldWatchAll() throws Exception {
		HttpResponse<String> none = get("/api/v1/watch");
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(none.body()).contains("*");
		assertThat(get("/api/v1/watch?services=*,pay").statusCode()).isEqualTo(400);
		put("/api/v1/services/pay/instances/p-1");
		put("/api/v1/services/cart/instances/c-1");
		SseRecorder all = SseRecorder.open(this.client, url("/api/v1/watch?services=*"));
		await().atMost(Duration.ofSeconds(20)).until(() -> all.events.size() == 1);
		assertThat(all.events.get(0).data()).contains("\"pay\":[", "\"cart\":[");
		all.cancel();
	}

	@Test
	void watcherTooFarBehindTheHistoryShouldGetASnapshot() throws Exception {
		long seen = this.registry.index();
		for (int i = 0; i < 70; i++) {
			this.registry.register("pay", "p-" + i, Registrations.spec("10.0.0.1", 8080));
		}
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=*&index=" + seen));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 1);
		assertThat(watcher.names()).containsExactly("snapshot");
		watcher.cancel();
	}

	@Test
	void idleStreamShouldGetHeartbeats() {
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=*"));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.heartbeats.get() >= 2);
		watcher.cancel();
	}

	@Test
	void deliveredShouldAnswerOnceEveryWatcherHasTheChange() throws Exception {
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=pay"));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 1);
		long index = index(put("/api/v1/services/pay/instances/p-1"));
		HttpResponse<String> delivered = get("/api/v1/watch/delivered?wait=5s");
		assertThat(delivered.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(delivered.body()).get("delivered").asBoolean()).isTrue();
		assertThat(index(delivered)).isGreaterThanOrEqualTo(index);
		HttpResponse<String> future = get("/api/v1/watch/delivered?index=" + (index + 100) + "&wait=200ms");
		assertThat(this.json.readTree(future.body()).get("delivered").asBoolean()).isFalse();
		watcher.cancel();
	}

	@Test
	void badServiceNameShouldAnswer400Problem() throws Exception {
		HttpResponse<String> response = get("/api/v1/watch?services=Bad_Name");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		SseRecorder fine = SseRecorder.open(this.client, url("/api/v1/watch?services=pay,,cart"));
		assertThat(fine.response().get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		fine.cancel();
	}

	@Test
	void manyWatchersShouldEachGetEveryChange() throws Exception {
		int count = 200;
		List<SseRecorder> watchers = java.util.stream.IntStream.range(0, count)
			.mapToObj((i) -> SseRecorder.open(this.client, url("/api/v1/watch?services=pay")))
			.toList();
		// Generous: 200 streams opened through a 4-thread client take long on a busy 2-core machine.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> watchers.stream().allMatch((w) -> w.events.size() == 1));
		assertThat(this.hub.openCount()).isGreaterThanOrEqualTo(count);
		for (int i = 0; i < 5; i++) {
			put("/api/v1/services/pay/instances/p-" + i);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> watchers.stream().allMatch((w) -> w.events.size() == 6));
		watchers.forEach(SseRecorder::cancel);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.hub.openCount() == 0);
	}

}
