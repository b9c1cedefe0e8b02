package dev.discovery.sample.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.discovery.test.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's routes retry as the starter's clients do ({@code DiscoveryRetry} in {@code application.yml}), against
 * a real registry and real sockets: a refused POST goes to another instance, a POST whose connection broke is not
 * sent again, a 500 is passed on, a 503's {@code Retry-After} is waited for, and no instance is tried twice.
 */
class DiscoveryRetryIntegrationTests {

	private static final String SERVICE = "payment-service";

	private static TestRegistry registry;

	private static GatewayUnderTest gateway;

	private final List<Backend> backends = new ArrayList<>();

	private final List<String> registered = new ArrayList<>();

	@BeforeAll
	static void start() {
		registry = TestRegistry.start();
		gateway = GatewayUnderTest.start(registry);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		registry.close();
	}

	@AfterEach
	void deregister() {
		this.registered.forEach((id) -> registry.deregister(SERVICE, id));
		this.backends.forEach(Backend::close);
		awaitInstances();
	}

	@Test
	void refusedPostShouldGoToAnotherInstance() {
		Backend live = backend("live", 200, null);
		int dead = deadPort();
		register("dead", dead);
		awaitInstances(live.port(), dead);
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = send("POST", "order-" + i);
			assertThat(response.statusCode()).isEqualTo(200);
			// The body went along with the retry.
			assertThat(response.body()).isEqualTo(live.id() + " POST order-" + i);
		}
		assertThat(live.hits()).isEqualTo(4);
	}

	@Test
	void postWhoseConnectionBrokeShouldNotBeSentAgain() {
		Backend broken = backend("broken", Backend.RESET, null);
		Backend live = backend("live", 200, null);
		awaitInstances(broken.port(), live.port());
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			statuses.add(send("POST", "order-" + i).statusCode());
		}
		// The instance may have acted on it: the caller hears of the failure instead of a second delivery.
		assertThat(statuses).contains(200).anyMatch((status) -> status >= 500);
		assertThat(live.hits()).isEqualTo((int) statuses.stream().filter((status) -> status == 200).count());
	}

	@Test
	void serverErrorShouldNotBeRetried() {
		Backend broken = backend("broken", 500, null);
		Backend live = backend("live", 200, null);
		awaitInstances(broken.port(), live.port());
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			statuses.add(send("GET", "").statusCode());
		}
		// A 500 is the application's answer: passed on, not sent to the other instance as well.
		assertThat(statuses).contains(500);
		assertThat(broken.hits()).isEqualTo((int) statuses.stream().filter((status) -> status == 500).count());
		assertThat(broken.hits() + live.hits()).isEqualTo(4);
	}

	@Test
	void retryAfterOfA503ShouldBeWaitedFor() {
		Backend busy = backend("busy", 503, "2");
		Backend live = backend("live", 200, null);
		awaitInstances(busy.port(), live.port());
		for (int i = 0; i < 3; i++) {
			assertThat(send("GET", "").statusCode()).isEqualTo(200);
		}
		// The instance asked for two seconds: the retry went elsewhere no sooner, and it is skipped meanwhile.
		assertThat(busy.hits()).isEqualTo(1);
		long asked = busy.arrivals().get(0);
		long retried = live.arrivals().stream().filter((at) -> at > asked).findFirst().orElseThrow();
		assertThat(Duration.ofNanos(retried - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
	}

	@Test
	void noInstanceShouldBeTriedTwice() {
		Backend first = backend("first", 502, null);
		Backend second = backend("second", 502, null);
		awaitInstances(first.port(), second.port());
		assertThat(send("GET", "").statusCode()).isEqualTo(502);
		// Three attempts are allowed, but only two instances exist.
		assertThat(first.hits()).isEqualTo(1);
		assertThat(second.hits()).isEqualTo(1);
	}

	private Backend backend(String id, int status, String retryAfter) {
		Backend backend = Backend.start(id + "-" + System.nanoTime(), status, retryAfter);
		this.backends.add(backend);
		register(backend.id(), backend.port());
		return backend;
	}

	private void register(String id, int port) {
		this.registered.add(gateway.register(SERVICE, id, port));
	}

	/** Waits until the gateway's view of payment-service holds exactly these ports. */
	private static void awaitInstances(int... ports) {
		gateway.awaitInstances(SERVICE, ports);
	}

	private static HttpResponse<String> send(String method, String body) {
		return gateway.send(method, "/payments/1", body);
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
