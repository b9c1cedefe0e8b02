package dev.discovery.server.watch;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegistrationValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SlowWatcherIntegrationTests extends WatchTestSupport {

	private static final int CHANGES = 300;

	@Autowired
	RegistrationValidator validator;

	@Autowired
	MeterRegistry meters;

	@Test
	void watcherThatDoesNotReadShouldBeToldToResyncWithoutSlowingAnyoneElse() throws Exception {
		InstanceSpec big = this.validator.validate(new InstanceRegistration("10.0.0.9", 8080, false, metadata(),
				List.of(), null, null, null, null, null));
		double resyncsBefore = this.meters.counter("discovery.watch.resyncs").count();
		SseRecorder fast = SseRecorder.open(this.client, url("/api/v1/watch?services=big"));
		await().atMost(Duration.ofSeconds(30)).until(() -> fast.events.size() == 1);
		try (Socket slow = new Socket()) {
			// A tiny receive window, and this test never reads: the server's writes soon stop being taken.
			slow.setReceiveBufferSize(4096);
			slow.connect(new InetSocketAddress("127.0.0.1", this.port));
			slow.getOutputStream()
				.write("GET /api/v1/watch?services=big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			await().atMost(Duration.ofSeconds(30)).until(() -> this.hub.openCount() == 2);
			List<Long> sent = new ArrayList<>();
			for (int i = 0; i < CHANGES; i++) {
				long reached = this.registry.register("big", "b-" + (i % 10), big).index();
				sent.add(reached);
				if (i % 16 == 15) {
					// Writes over HTTP go on while the slow watcher's socket is full (how fast is a benchmark's job).
					registerOverHttp(i);
					// Paced so the dispatcher never falls a whole history (64 in these tests) behind.
					await().atMost(Duration.ofSeconds(30)).until(() -> lastId(fast) >= reached);
				}
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.meters.counter("discovery.watch.resyncs").count() > resyncsBefore);
			await().atMost(Duration.ofSeconds(30)).until(() -> this.hub.openCount() == 1);
			long last = sent.get(sent.size() - 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> lastId(fast) == last);
			assertThat(fast.ids().subList(1, fast.ids().size()))
				.as("the fast watcher got every change to its service, in order")
				.containsExactlyElementsOf(sent);
			assertThat(fast.names()).doesNotContain("resync");
			assertThat(startOf(slow.getInputStream())).startsWith("HTTP/1.1 200");
		}
		fast.cancel();
	}

	private void registerOverHttp(int i) throws Exception {
		assertThat(put("/api/v1/services/other/instances/o-" + (i % 4)).statusCode()).isBetween(200, 201);
	}

	private static long lastId(SseRecorder recorder) {
		List<Long> ids = recorder.ids();
		return ids.isEmpty() ? -1 : ids.get(ids.size() - 1);
	}

	private static String startOf(InputStream in) throws Exception {
		byte[] head = in.readNBytes(12);
		return new String(head, StandardCharsets.US_ASCII);
	}

	private static Map<String, String> metadata() {
		Map<String, String> metadata = new HashMap<>();
		for (int i = 0; i < 60; i++) {
			metadata.put("key-" + i, "v".repeat(1000));
		}
		return metadata;
	}

}
