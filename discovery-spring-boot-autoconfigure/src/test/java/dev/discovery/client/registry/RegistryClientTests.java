package dev.discovery.client.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.discovery.client.test.MutableClock;
import dev.discovery.client.test.StubRegistry;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RegistryClientTests {

	private static final URI UNREACHABLE = URI.create("http://127.0.0.1:1");

	private final StubRegistry stub = StubRegistry.start();

	@AfterEach
	void stop() {
		this.stub.close();
	}

	private RegistryClient client(URI... urls) {
		return new RegistryClient(new RegistryEndpoints(List.of(urls), Duration.ofSeconds(30), Clock.systemUTC()),
				Duration.ofSeconds(1), Duration.ofSeconds(2), RegistryMetrics.NONE);
	}

	@Test
	void registerShouldSendDurationsAsTextAndLeaveOutNulls() {
		HealthCheckSpec check = new HealthCheckSpec(HealthCheckType.HTTP, "/health/ready", "5s", "2s", 3, null, "1m");
		InstanceRegistration registration = new InstanceRegistration("10.0.0.5", 8080, false, Map.of("zone", "a"),
				List.of(), "a", null, "15s", check, InstanceStatus.UP);
		client(this.stub.url()).register("payment", "payment-1", registration);
		String body = this.stub.body("PUT /api/v1/services/payment/instances/payment-1");
		assertThat(body).contains("\"leaseTtl\":\"15s\"", "\"interval\":\"5s\"", "\"path\":\"/health/ready\"")
			.doesNotContain("null", "\"weight\"");
	}

	@Test
	void registerShouldReturnTheRegistrysView() {
		assertThat(client(this.stub.url()).register("payment", "p1", InstanceRegistration.of("h", 80)).instanceId())
			.isEqualTo("p1");
	}

	@Test
	void heartbeatOfUnknownInstanceShouldBeNotFoundWithTheProblemDetail() {
		assertThatExceptionOfType(RegistryException.class)
			.isThrownBy(() -> client(this.stub.url()).heartbeat("payment", "gone"))
			.satisfies((ex) -> {
				assertThat(ex.isNotFound()).isTrue();
				assertThat(ex.getRegistryUrl()).isEqualTo(this.stub.url());
				assertThat(ex.getProblem()).isNotNull();
				assertThat(ex.getMessage()).contains("Unknown instance payment/gone");
			});
	}

	/** A registry that dies mid-answer must cost a retry, not the caller's registration loop. */
	@Test
	void anAnswerCutShortShouldBeARegistryException() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread answerer = new Thread(() -> {
				try (Socket socket = server.accept()) {
					readRequest(socket.getInputStream());
					socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 500\r\n\r\n{\"service\":\"pay").getBytes(StandardCharsets.US_ASCII));
				}
				catch (IOException ex) {
					// The test fails on its own if the answer never comes.
				}
			});
			answerer.start();
			URI url = URI.create("http://127.0.0.1:" + server.getLocalPort());
			assertThatExceptionOfType(RegistryException.class)
				.isThrownBy(() -> client(url).register("payment", "p1", InstanceRegistration.of("h", 80)))
				.withMessageContaining("no readable answer");
			answerer.join(5000);
		}
	}

	/** Reads a request's head and its body, sized or chunked. */
	private static void readRequest(InputStream in) throws IOException {
		String head = readUntil(in, "\r\n\r\n");
		java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
		if (length.find()) {
			in.readNBytes(Integer.parseInt(length.group(1)));
		}
		else if (head.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
			readUntil(in, "0\r\n\r\n");
		}
	}

	private static String readUntil(InputStream in, String end) throws IOException {
		StringBuilder read = new StringBuilder();
		int next;
		while (!read.toString().endsWith(end) && (next = in.read()) >= 0) {
			read.append((char) next);
		}
		return read.toString();
	}

	@Test
	void instancesOfUnknownServiceShouldBeEmpty() {
		assertThat(client(this.stub.url()).instances("nobody", true)).isEmpty();
	}

	@Test
	void instancesShouldListPassingOnly() {
		RegistryClient client = client(this.stub.url());
		client.register("payment", "p1", InstanceRegistration.of("h", 1));
		client.register("payment", "p2", InstanceRegistration.of("h", 2));
		client.setStatus("payment", "p2", InstanceStatus.OUT_OF_SERVICE);
		assertThat(client.instances("payment", true)).extracting("instanceId").containsExactly("p1");
		assertThat(client.instances("payment", false)).hasSize(2);
	}

	/**
	 * The registry's compact list leaves out the service and every field that holds its default (secure false,
	 * weight 1, status UP, health PASSING): they must read as those defaults, not fail or read as not UP. It also
	 * leaves out the metadata's copies of zone and weight, which Spring Cloud LoadBalancer reads: they come back.
	 */
	@Test
	void instancesShouldReadTheFieldsACompactListLeavesOutAsTheirDefaults() throws Exception {
		String list = "[{\"instanceId\":\"p1\",\"host\":\"10.0.0.1\",\"port\":8080,\"leaseTtl\":\"30s\",\"index\":7},"
				+ "{\"instanceId\":\"p2\",\"host\":\"10.0.0.2\",\"port\":8443,\"secure\":true,"
				+ "\"metadata\":{\"version\":\"2\"},\"zone\":\"eu-1\",\"weight\":5,\"status\":\"OUT_OF_SERVICE\","
				+ "\"health\":\"CRITICAL\",\"leaseTtl\":\"30s\",\"index\":8}]";
		byte[] body = list.getBytes(StandardCharsets.UTF_8);
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread answerer = new Thread(() -> {
				try (Socket socket = server.accept()) {
					readRequest(socket.getInputStream());
					socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
							+ "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					socket.getOutputStream().write(body);
				}
				catch (IOException ex) {
					// The test fails on its own if the answer never comes.
				}
			});
			answerer.start();
			List<InstanceView> views = client(URI.create("http://127.0.0.1:" + server.getLocalPort()))
				.instances("payment", false);
			answerer.join(5000);
			assertThat(views).hasSize(2);
			InstanceView defaults = views.get(0);
			assertThat(defaults.service()).isEqualTo("payment");
			assertThat(defaults.secure()).isFalse();
			assertThat(defaults.weight()).isEqualTo(1);
			assertThat(defaults.status()).isEqualTo(InstanceStatus.UP);
			assertThat(defaults.health()).isEqualTo(HealthState.PASSING);
			assertThat(defaults.metadata()).isEqualTo(Map.of("weight", "1"));
			assertThat(defaults.tags()).isEmpty();
			assertThat(defaults.passing()).isTrue();
			InstanceView given = views.get(1);
			assertThat(given.service()).isEqualTo("payment");
			assertThat(given.secure()).isTrue();
			assertThat(given.weight()).isEqualTo(5);
			assertThat(given.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
			assertThat(given.health()).isEqualTo(HealthState.CRITICAL);
			assertThat(given.metadata()).isEqualTo(Map.of("version", "2", "zone", "eu-1", "weight", "5"));
			assertThat(given.index()).isEqualTo(8);
		}
	}

	@Test
	void servicesShouldListNames() {
		RegistryClient client = client(this.stub.url());
		client.register("payment", "p1", InstanceRegistration.of("h", 1));
		assertThat(client.services()).extracting("name").containsExactly("payment");
	}

	@Test
	void unreachableRegistryShouldFailOverToTheNext() {
		RegistryClient client = client(UNREACHABLE, this.stub.url());
		client.register("payment", "p1", InstanceRegistration.of("h", 1));
		assertThat(client.currentUrl()).isEqualTo(this.stub.url());
		assertThat(this.stub.instances()).containsKey("payment/p1");
	}

	@Test
	void serverErrorShouldFailOverToTheNext() {
		try (StubRegistry second = StubRegistry.start()) {
			this.stub.failNext(1, 503);
			client(this.stub.url(), second.url()).register("payment", "p1", InstanceRegistration.of("h", 1));
			assertThat(second.instances()).containsKey("payment/p1");
		}
	}

	@Test
	void clientShouldReturnToTheFirstRegistryWhenItIsBack() {
		MutableClock clock = new MutableClock();
		try (StubRegistry second = StubRegistry.start()) {
			RegistryClient client = new RegistryClient(
					new RegistryEndpoints(List.of(this.stub.url(), second.url()), Duration.ofSeconds(30), clock),
					Duration.ofSeconds(1), Duration.ofSeconds(2), RegistryMetrics.NONE);
			this.stub.failNext(1, 503);
			client.services();
			assertThat(client.currentUrl()).isEqualTo(second.url());
			client.services();
			assertThat(this.stub.requests()).hasSize(1);
			clock.advance(Duration.ofSeconds(30));
			client.services();
			assertThat(client.currentUrl()).isEqualTo(this.stub.url());
			assertThat(this.stub.requests()).hasSize(2);
		}
	}

	@Test
	void tokenShouldBeSentAsBearer() {
		RegistryClient client = new RegistryClient(
				new RegistryEndpoints(List.of(this.stub.url()), Duration.ofSeconds(30), Clock.systemUTC()),
				Duration.ofSeconds(1), Duration.ofSeconds(2), RegistryMetrics.NONE, "s3cret");
		client.services();
		assertThat(this.stub.header("GET /api/v1/services", "Authorization")).isEqualTo("Bearer s3cret");
	}

	@Test
	void clientErrorShouldNotFailOver() {
		try (StubRegistry second = StubRegistry.start()) {
			this.stub.failNext(1, 400);
			assertThatExceptionOfType(RegistryException.class)
				.isThrownBy(() -> client(this.stub.url(), second.url()).register("payment", "p1",
						InstanceRegistration.of("h", 1)))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(400));
			assertThat(second.requests()).isEmpty();
		}
	}

	@Test
	void noRegistryReachableShouldNameTheLastUrl() {
		assertThatExceptionOfType(RegistryException.class)
			.isThrownBy(() -> client(UNREACHABLE).services())
			.satisfies((ex) -> {
				assertThat(ex.isUnreachable()).isTrue();
				assertThat(ex.getMessage()).contains(UNREACHABLE.toString());
			});
	}

	@Test
	void requestsShouldBeMeasured() {
		List<String> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
		RegistryMetrics metrics = new RegistryMetrics() {
			@Override
			public void request(String operation, String outcome, Duration duration) {
				recorded.add(operation + ":" + outcome);
			}
		};
		RegistryClient client = new RegistryClient(
				new RegistryEndpoints(List.of(UNREACHABLE, this.stub.url()), Duration.ofSeconds(30), Clock.systemUTC()),
				Duration.ofSeconds(1), Duration.ofSeconds(2), metrics);
		client.services();
		assertThat(recorded).containsExactly("services:UNREACHABLE", "services:SUCCESS");
	}

}
