package dev.discovery.sample.grpc;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.server.DiscoveryServerApplication;
import dev.discovery.server.xds.XdsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A proxyless gRPC client, gRPC's own {@code grpc-xds} with a bootstrap file naming the registry as its xDS server,
 * calls {@code xds:///payment-service}: the registry's resources are all it knows of the service. The payment
 * instances are the sample's executable jar in their own JVMs, so one can be killed with SIGKILL; the registry's TCP
 * health checks (every second, two failures) notice. The times each change took to reach the client are printed.
 */
class ProxylessGrpcIntegrationTests {

	private static final String SERVICE = "payment-service";

	private static final HttpClient http = HttpClient.newHttpClient();

	/** Kept after the run: the instances' logs say what happened when something did not. */
	private static final Path dir = Path.of("target", "proxyless-grpc");

	private static final List<Process> processes = new ArrayList<>();

	private static ConfigurableApplicationContext registry;

	private static ManagedChannel channel;

	private static String registryUrl;

	@BeforeAll
	static void start() throws Exception {
		Files.createDirectories(dir);
		registry = new SpringApplicationBuilder(DiscoveryServerApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.jmx.enabled=false", "--discovery.server.snapshot.enabled=false",
				"--discovery.enabled=false", "--discovery.health-endpoints.enabled=false");
		registryUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) registry).getWebServer().getPort();
		Path bootstrap = dir.resolve("xds-bootstrap.json");
		Files.writeString(bootstrap, readmeBootstrap().replace("localhost:18000",
				"127.0.0.1:" + registry.getBean(XdsServer.class).port()));
		System.setProperty("io.grpc.xds.bootstrap", bootstrap.toString());
	}

	/** The bootstrap file the README tells users to write, so what users copy is what this test runs. */
	static String readmeBootstrap() throws Exception {
		String readme = Files.readString(Path.of("..", "..", "README.md"));
		String section = readme.substring(readme.indexOf("### Proxyless gRPC"));
		int start = section.indexOf("```json\n") + "```json\n".length();
		String json = section.substring(start, section.indexOf("```", start));
		assertThat(json).contains("\"server_uri\": \"localhost:18000\"");
		return json;
	}

	@AfterAll
	static void stop() {
		if (channel != null) {
			channel.shutdownNow();
		}
		processes.forEach(Process::destroyForcibly);
		if (registry != null) {
			registry.close();
		}
	}

	@Test
	void proxylessClientShouldFollowScaleUpOutOfServiceAndCrash() throws Exception {
		Process a = instance("payment-a");
		instance("payment-b");
		awaitPassing(Set.of("payment-a", "payment-b"));
		long created = System.nanoTime();
		channel = Grpc.newChannelBuilder("xds:///" + SERVICE, InsecureChannelCredentials.create()).build();
		await().atMost(Duration.ofSeconds(30)).until(() -> payOrNull() != null);
		report("first call through xds:///payment-service", created);
		assertThat(servedBy(40)).as("round robin over both instances").containsExactlyInAnyOrder("payment-a",
				"payment-b");

		Process c = instance("payment-c");
		awaitPassing(Set.of("payment-a", "payment-b", "payment-c"));
		long registered = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).until(() -> "payment-c".equals(servedByOrNull()));
		report("scale-up: payment-c registered -> first call served by it", registered);

		long outOfService = System.nanoTime();
		setStatus("payment-a", "OUT_OF_SERVICE");
		await().atMost(Duration.ofSeconds(10)).until(() -> !servedBy(30).contains("payment-a"));
		report("OUT_OF_SERVICE of payment-a -> 30 calls in a row without it", outOfService);
		assertThat(a.isAlive()).isTrue();

		long killed = System.nanoTime();
		c.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		int failed = 0;
		while (passing().contains("payment-c")) {
			failed += (payOrNull() == null) ? 1 : 0;
			assertThat(System.nanoTime() - killed).isLessThan(TimeUnit.SECONDS.toNanos(30));
		}
		report("kill -9 of payment-c -> out of the registry's passing view (TCP checks: 1s x 2)", killed);
		assertThat(servedBy(30)).containsExactly("payment-b");
		System.out.println("xDS e2e: calls that failed between the kill -9 and its removal: " + failed);

		MeterRegistry meters = registry.getBean(MeterRegistry.class);
		assertThat(meters.find("discovery.xds.nacks").counters()).as("grpc-xds rejected nothing")
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		assertThat(meters.find("discovery.xds.responses").counters().stream().mapToDouble((r) -> r.count()).sum())
			.isPositive();
	}

	private static Process instance(String id) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-jar",
				System.getProperty("sample.jar"), "--server.port=0", "--server.address=127.0.0.1",
				"--payment.grpc.port=0", "--payment.grpc.address=127.0.0.1", "--discovery.instance.host=127.0.0.1",
				"--discovery.instance.instance-id=" + id, "--discovery.registry.url=" + registryUrl,
				"--discovery.health-check.interval=1s", "--discovery.health-check.timeout=500ms",
				"--discovery.health-check.failure-threshold=2", "--spring.jmx.enabled=false",
				"--logging.level.root=WARN");
		File log = dir.resolve(id + ".log").toFile();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		processes.add(process);
		return process;
	}

	private static void awaitPassing(Set<String> ids) {
		// Generous: three JVMs start at once on a small, shared machine.
		await().atMost(Duration.ofSeconds(180)).until(() -> passing().equals(ids));
	}

	/** The ids of the service's passing instances, as the registry lists them. */
	private static Set<String> passing() throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(registryUrl + "/api/v1/services/" + SERVICE + "/instances")).build(),
				HttpResponse.BodyHandlers.ofString());
		Set<String> ids = new HashSet<>();
		if (response.statusCode() == 200) {
			Matcher matcher = Pattern.compile("\"instanceId\":\"([^\"]+)\"")
				.matcher(response.body());
			while (matcher.find()) {
				ids.add(matcher.group(1));
			}
		}
		return ids;
	}

	private static void setStatus(String id, String status) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest
			.newBuilder(URI.create(registryUrl + "/api/v1/services/" + SERVICE + "/instances/" + id + "/status"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
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
			return ClientCalls.blockingUnaryCall(channel, PaymentGrpc.PAY,
					CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS), StringValue.of("order-1"))
				.getValue();
		}
		catch (StatusRuntimeException ex) {
			return null;
		}
	}

	private static void report(String what, long sinceNanos) {
		System.out.println("xDS e2e: " + what + ": "
				+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos) + " ms");
	}

}
