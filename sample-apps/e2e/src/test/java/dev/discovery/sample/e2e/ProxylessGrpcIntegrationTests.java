package dev.discovery.sample.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.StringValue;
import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.Jar;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A proxyless gRPC client, gRPC's own {@code grpc-xds} with the README's bootstrap file naming the registry as its
 * xDS server, calls {@code xds:///payment-service}: the registry's resources are all it knows of the service. The
 * registry and the gRPC payment instances run from their executable jars, so one instance can be killed with
 * SIGKILL; the registry's TCP health checks (every second, two failures) notice. The time each change took to reach
 * the client is printed.
 */
class ProxylessGrpcIntegrationTests {

	private static final String SERVICE = "payment-service";

	/** The client's own stub of the sample's contract: {@code payment.PaymentService/Pay}. */
	private static final MethodDescriptor<StringValue, StringValue> PAY = MethodDescriptor
		.<StringValue, StringValue>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName("payment.PaymentService/Pay")
		.setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.build();

	@RegisterExtension
	static final Processes processes = new Processes();

	private static AppProcess registry;

	private static @Nullable ManagedChannel channel;

	@BeforeAll
	static void start() throws Exception {
		int xdsPort = freePort();
		registry = processes
			.start(ProcessSpec.registry("registry").property("discovery.server.xds.port", Integer.toString(xdsPort)));
		Path bootstrap = Jar.projectRoot().resolve("sample-apps/e2e/target/xds-bootstrap.json");
		Files.createDirectories(bootstrap.getParent());
		Files.writeString(bootstrap, readmeBootstrap().replace("localhost:18000", "127.0.0.1:" + xdsPort));
		// gRPC reads its bootstrap once per JVM, when the first xds: channel is made.
		System.setProperty("io.grpc.xds.bootstrap", bootstrap.toString());
	}

	/** The bootstrap file the README tells users to write: what users copy is what this test runs. */
	static String readmeBootstrap() throws IOException {
		String readme = Files.readString(Jar.projectRoot().resolve("README.md"));
		String section = readme.substring(readme.indexOf("### Proxyless gRPC"));
		int start = section.indexOf("```json\n") + "```json\n".length();
		String json = section.substring(start, section.indexOf("```", start));
		assertThat(json).contains("\"server_uri\": \"localhost:18000\"");
		return json;
	}

	@AfterAll
	static void closeChannel() {
		if (channel != null) {
			channel.shutdownNow();
		}
	}

	@Test
	void proxylessClientShouldFollowScaleUpOutOfServiceAndCrash() throws Exception {
		processes.start(payment("payment-a"), payment("payment-b"));
		awaitPassing(Set.of("payment-a", "payment-b"));
		long created = System.nanoTime();
		channel = Grpc.newChannelBuilder("xds:///" + SERVICE, InsecureChannelCredentials.create()).build();
		await().atMost(Duration.ofSeconds(60)).until(() -> payOrNull() != null);
		report("channel created -> first call answered through xds:///payment-service", created);
		assertThat(servedBy(40)).as("round robin over both instances").containsExactlyInAnyOrder("payment-a",
				"payment-b");

		AppProcess c = processes.start(payment("payment-c"));
		awaitPassing(Set.of("payment-a", "payment-b", "payment-c"));
		long registered = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
			.until(() -> "payment-c".equals(servedByOrNull()));
		report("scale-up: payment-c passing in the registry -> first call served by it", registered);

		long outOfService = System.nanoTime();
		setStatus("payment-a", "OUT_OF_SERVICE");
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
			.until(() -> !servedBy(30).contains("payment-a"));
		report("OUT_OF_SERVICE of payment-a -> 30 calls in a row without it", outOfService);

		long killed = System.nanoTime();
		c.kill();
		int failed = 0;
		int calls = 0;
		while (Samples.passing(registry, SERVICE).contains("payment-c")) {
			failed += (payOrNull() == null) ? 1 : 0;
			calls++;
			assertThat(System.nanoTime() - killed).as("removed by health checks").isLessThan(TimeUnit.SECONDS.toNanos(30));
		}
		report("kill -9 of payment-c -> out of the registry's passing view (TCP checks: 1s x 2)", killed);
		System.out.println("xDS e2e: calls failed between the kill -9 and the removal: " + failed + " of " + calls);
		assertThat(servedBy(30)).containsExactly("payment-b");

		assertThat(meter("discovery.xds.responses")).as("the registry answered the client").isPositive();
		assertThat(meter("discovery.xds.nacks")).as("grpc-xds rejected nothing").isZero();
	}

	private static ProcessSpec payment(String id) {
		return ProcessSpec.app(Jar.GRPC_PAYMENT_SERVICE, id, registry)
			.property("payment.grpc.port", "0")
			.property("payment.grpc.address", "127.0.0.1")
			.property("discovery.health-check.interval", "1s")
			.property("discovery.health-check.timeout", "500ms")
			.property("discovery.health-check.failure-threshold", "2");
	}

	private static void awaitPassing(Set<String> ids) {
		await().atMost(Duration.ofSeconds(90)).until(() -> Set.copyOf(Samples.passing(registry, SERVICE)).equals(ids));
	}

	private static void setStatus(String id, String status) {
		int answered = Http.send(HttpRequest
			.newBuilder(registry.uri("/api/v1/services/" + SERVICE + "/instances/" + id + "/status"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}"))
			.build()).statusCode();
		assertThat(answered).isEqualTo(200);
	}

	/** A meter's total from the registry's Actuator; meters are made on first use, so a missing one is 0. */
	private static double meter(String name) {
		if (registry.status("/actuator/metrics/" + name) == 404) {
			return 0;
		}
		double total = 0;
		for (JsonNode measurement : Http.json(registry.uri("/actuator/metrics/" + name)).get("measurements")) {
			total += measurement.get("value").asDouble();
		}
		return total;
	}

	private static Set<String> servedBy(int calls) {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < calls; i++) {
			ids.add(servedByOrNull());
		}
		return ids;
	}

	private static @Nullable String servedByOrNull() {
		String receipt = payOrNull();
		return (receipt != null) ? receipt.substring(receipt.lastIndexOf(' ') + 1) : null;
	}

	private static @Nullable String payOrNull() {
		try {
			return ClientCalls.blockingUnaryCall(channel, PAY, CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS),
					StringValue.of("order-1"))
				.getValue();
		}
		catch (StatusRuntimeException ex) {
			return null;
		}
	}

	private static void report(String what, long sinceNanos) {
		System.out.println("xDS e2e: " + what + ": " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos)
				+ " ms");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
