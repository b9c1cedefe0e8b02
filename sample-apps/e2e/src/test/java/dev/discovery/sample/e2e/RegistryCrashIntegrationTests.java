package dev.discovery.sample.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.discovery.protocol.Headers;
import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's executable jar is killed with {@code kill -9} at random moments while clients register and
 * deregister, then started again over the same saved state. After every restart: no acknowledged deregistration has
 * come back, no acknowledged registration is lost (the documented window for {@code kill -9} is nothing
 * acknowledged), nothing appears that nobody registered, and the index has not gone backwards.
 */
class RegistryCrashIntegrationTests {

	private static final int KILLS = 4;

	private static final int CLIENTS = 4;

	private static final String SERVICE = "crash-test";

	private static final String BODY = "{\"host\":\"127.0.0.1\",\"port\":8080,\"leaseTtl\":\"5m\"}";

	@RegisterExtension
	final Processes processes = new Processes();

	@TempDir
	Path state;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	/** What each instance id is known to be: acknowledged registered or deregistered, or in doubt. */
	private final Map<String, Fate> fates = new ConcurrentHashMap<>();

	private final AtomicLong highestIndex = new AtomicLong();

	@Test
	void killsDuringWritesShouldNeitherLoseAcknowledgedChangesNorBringBackTheDeregistered() throws Exception {
		ProcessSpec spec = ProcessSpec.registry("registry")
			.property("discovery.server.snapshot.enabled", "true")
			.property("discovery.server.snapshot.path", this.state.resolve("registry-snapshot.json").toString())
			.property("discovery.server.limits.write-rate", "0");
		Random random = new Random(20261201L);
		AppProcess registry = this.processes.start(spec);
		for (int round = 1; round <= KILLS; round++) {
			AtomicBoolean running = new AtomicBoolean(true);
			List<Thread> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				Thread client = new Thread(stream(registry, "r" + round + "c" + c, running), "client-" + c);
				client.start();
				clients.add(client);
			}
			Thread.sleep(500 + random.nextInt(1500));
			registry.kill();
			running.set(false);
			for (Thread client : clients) {
				client.join(15_000);
			}
			registry = this.processes.start(spec);
			verify(registry, round);
		}
		assertThat(this.fates.values()).contains(Fate.REGISTERED, Fate.DEREGISTERED);
	}

	private Runnable stream(AppProcess registry, String prefix, AtomicBoolean running) {
		return () -> {
			List<String> mine = new ArrayList<>();
			Random random = new Random(prefix.hashCode());
			for (int n = 0; running.get(); n++) {
				try {
					if (!mine.isEmpty() && random.nextBoolean()) {
						String id = mine.remove(random.nextInt(mine.size()));
						this.fates.put(id, Fate.IN_DOUBT);
						if (send(registry, "DELETE", id) == 204) {
							this.fates.put(id, Fate.DEREGISTERED);
						}
					}
					else {
						String id = prefix + "-" + n;
						this.fates.put(id, Fate.IN_DOUBT);
						if (send(registry, "PUT", id) == 201) {
							this.fates.put(id, Fate.REGISTERED);
							mine.add(id);
						}
					}
				}
				catch (IOException ex) {
					// The registry is gone: what was in flight stays in doubt.
					return;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		};
	}

	private int send(AppProcess registry, String method, String id) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(registry.uri("/api/v1/services/" + SERVICE + "/instances/" + id))
			.timeout(Duration.ofSeconds(5));
		if ("PUT".equals(method)) {
			request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(BODY));
		}
		else {
			request.DELETE();
		}
		HttpResponse<Void> response = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding());
		response.headers().firstValue(Headers.INDEX).map(Long::parseLong)
			.ifPresent((index) -> this.highestIndex.accumulateAndGet(index, Math::max));
		return response.statusCode();
	}

	private void verify(AppProcess registry, int round) {
		URI uri = registry.uri("/api/v1/services/" + SERVICE + "/instances?passing=false");
		HttpResponse<String> response = Http.get(uri);
		Set<String> present = new HashSet<>();
		if (response.statusCode() == 200) {
			for (JsonNode instance : Http.parse(response.body())) {
				present.add(instance.get("instanceId").asString());
			}
		}
		else {
			assertThat(response.statusCode()).as("listing after round %d", round).isEqualTo(404);
		}
		long index = Long.parseLong(response.headers().firstValue(Headers.INDEX).orElse("0"));
		Set<String> lost = new HashSet<>();
		Set<String> resurrected = new HashSet<>();
		this.fates.forEach((id, fate) -> {
			if (fate == Fate.REGISTERED && !present.contains(id)) {
				lost.add(id);
			}
			else if (fate == Fate.DEREGISTERED && present.contains(id)) {
				resurrected.add(id);
			}
		});
		assertThat(resurrected).as("deregistered, acknowledged, and back after kill %d", round).isEmpty();
		assertThat(lost).as("registered, acknowledged, and lost after kill %d", round).isEmpty();
		assertThat(this.fates.keySet()).as("instances nobody registered").containsAll(present);
		assertThat(index).as("index after kill %d", round).isGreaterThanOrEqualTo(this.highestIndex.get());
		// From here on the registry's answer is the truth for what was in doubt.
		this.fates.replaceAll((id, fate) -> (fate != Fate.IN_DOUBT) ? fate
				: present.contains(id) ? Fate.REGISTERED : Fate.DEREGISTERED);
	}

	private enum Fate {

		REGISTERED, DEREGISTERED, IN_DOUBT

	}

}
