package dev.discovery.server.suspect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceView;
import dev.discovery.server.AbstractRegistryHttpTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Suspect reports against a real registry: the registry checks the reported instance at once with its own check,
 * and only a failed check takes it out of the passing view. Regular checks never run here (tick of an hour).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// The instances listen on 127.0.0.1: a registry on loopback may check them.
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false", "server.address=127.0.0.1",
				// The instances listen on 127.0.0.1: a registry on loopback may check them.
				"server.address=127.0.0.1", "discovery.server.health.tick=1h", "discovery.server.suspect.burst=5",
				"discovery.server.suspect.min-interval=1h" })
class SuspectIntegrationTests extends AbstractRegistryHttpTests {

	private static final ParameterizedTypeReference<List<InstanceView>> VIEWS = new ParameterizedTypeReference<>() {
	};

	private HttpServer live;

	@BeforeEach
	void setUp() throws IOException {
		this.live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.live.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.live.start();
	}

	@AfterEach
	void tearDown() {
		this.live.stop(0);
	}

	@Test
	void deadInstanceShouldLeaveThePassingViewAtOnceAndWatchersShouldHear() {
		register("pay", "dead", deadPort());
		register("pay", "alive", this.live.getAddress().getPort());
		long index = this.registry.index();
		assertThat(suspect("pay", "dead").getBody()).containsEntry("check", "started");
		// A blocking query from before the report answers with the change: every watcher hears of it.
		List<InstanceView> seen = this.http.get()
			.uri("/api/v1/services/pay/instances?index={index}&wait=20s", index)
			.retrieve()
			.body(VIEWS);
		assertThat(seen).extracting(InstanceView::instanceId).containsExactly("alive");
		assertThat(this.registry.instance("pay", "dead").health()).isEqualTo(HealthState.CRITICAL);
	}

	@Test
	void liveInstanceShouldStayPassing() {
		register("pay", "alive", this.live.getAddress().getPort());
		assertThat(suspect("pay", "alive").getBody()).containsEntry("check", "started");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.registry.instance("pay", "alive").lastCheckAt() != null);
		assertThat(passing("pay")).containsExactly("alive");
	}

	@Test
	void unknownInstanceShouldAnswer404AndCheckNothing() {
		ResponseEntity<Map<String, Object>> answer = suspect("pay", "nobody");
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void invalidNameShouldAnswer400() {
		assertThat(suspect("Bad_Name!", "x").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void reportsWithinTheMinimumIntervalShouldShareOneCheck() {
		register("pay", "dead", deadPort());
		assertThat(suspect("pay", "dead").getBody()).containsEntry("check", "started");
		assertThat(suspect("pay", "dead").getBody()).containsEntry("check", "running");
	}

	@Test
	void callerReportingTooFastShouldGet429() throws Exception {
		register("pay", "alive", this.live.getAddress().getPort());
		// At once, so that the rate (10 a second) cannot refill the burst (5) between them on a loaded machine.
		List<Integer> statuses = new ArrayList<>();
		ExecutorService senders = Executors.newFixedThreadPool(20);
		try {
			List<Future<Integer>> sent = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				sent.add(senders.submit(() -> suspect("pay", "alive").getStatusCode().value()));
			}
			for (Future<Integer> status : sent) {
				statuses.add(status.get());
			}
		}
		finally {
			senders.shutdownNow();
		}
		assertThat(statuses).contains(HttpStatus.TOO_MANY_REQUESTS.value());
		assertThat(passing("pay")).containsExactly("alive");
	}

	private void register(String service, String id, int port) {
		String body = "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"healthCheck\":{\"type\":\"HTTP\"}}";
		ResponseEntity<Void> answer = this.http.put()
			.uri("/api/v1/services/{service}/instances/{id}", service, id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toBodilessEntity();
		assertThat(answer.getStatusCode().is2xxSuccessful()).isTrue();
	}

	private ResponseEntity<Map<String, Object>> suspect(String service, String id) {
		return this.http.post()
			.uri("/api/v1/services/{service}/instances/{id}/suspect", service, id)
			.retrieve()
			.toEntity(new ParameterizedTypeReference<>() {
			});
	}

	private List<String> passing(String service) {
		return this.http.get()
			.uri("/api/v1/services/{service}/instances", service)
			.retrieve()
			.body(VIEWS)
			.stream()
			.map(InstanceView::instanceId)
			.toList();
	}

	private static int deadPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
