package dev.discovery.sample.e2e;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.Jar;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client in another language that no one here wrote: the {@code eureka-js-client} package from npm, run by Node.js,
 * registers with the registry's Eureka API, renews, registers again when told it is unknown, fetches the registry
 * (then deltas) and sees an app on the starter, and deregisters when it stops. Skipped when {@code node} or
 * {@code npm} is missing, failed then under {@code CI=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EurekaJsClientIntegrationTests {

	private static final String PACKAGE = "eureka-js-client@4.5.0";

	@RegisterExtension
	static final Processes processes = new Processes();

	private static AppProcess registry;

	private static Process node;

	private static Path log;

	@BeforeAll
	static void startAll() throws Exception {
		require("node");
		require("npm");
		Path dir = install();
		registry = processes.start(ProcessSpec.registry("registry"));
		processes.start(ProcessSpec.app(Jar.PAYMENT_SERVICE, "payment-1", registry)
			.property("discovery.shutdown.drain-timeout", "200ms"));
		log = dir.resolve("node-1.log");
		node = new ProcessBuilder("node", "client.js", Integer.toString(registry.port()), "node-1", "3000")
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	@AfterAll
	static void stopNode() {
		if (node != null) {
			node.destroyForcibly();
		}
	}

	@Test
	@Order(1)
	void nodeClientShouldRegister() throws Exception {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(output()).contains("REGISTERED");
			assertThat(Samples.passing(registry, "node-service")).containsExactly("node-1");
		});
		JsonNode instance = Http.json(registry.uri("/api/v1/services/node-service/instances")).get(0);
		assertThat(instance.get("host").asString()).isEqualTo("127.0.0.1");
		assertThat(instance.get("port").asInt()).isEqualTo(3000);
		assertThat(instance.get("zone").asString()).isEqualTo("eu-1");
		assertThat(instance.get("metadata").get("runtime").asString()).isEqualTo("node");
		assertThat(instance.get("leaseTtl").asString()).isEqualTo("90s");
	}

	@Test
	@Order(2)
	void nodeClientShouldRenewAndSeeTheStarterApp() {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(output()).contains("HEARTBEAT");
			assertThat(output()).contains("FETCHED PAYMENT-SERVICE=payment-1@");
		});
	}

	@Test
	@Order(3)
	void nodeClientShouldSeeChangesThroughDeltas() {
		double full = Samples.eurekaFetches(registry, "full");
		Samples.registerTtl(registry, "payment-service", "payment-9", 9);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(output())
			.containsPattern("FETCHED PAYMENT-SERVICE=payment-1@[^,\\n]+,payment-9@127.0.0.1:9"));
		assertThat(Samples.eurekaFetches(registry, "full")).isEqualTo(full);
	}

	@Test
	@Order(4)
	void nodeClientShouldRegisterAgainWhenTheRegistryForgetsIt() {
		int status = Http.send(HttpRequest.newBuilder(registry.uri("/api/v1/services/node-service/instances/node-1"))
			.DELETE()
			.build()).statusCode();
		assertThat(status).isEqualTo(204);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Samples.passing(registry, "node-service")).containsExactly("node-1"));
	}

	@Test
	@Order(5)
	void nodeClientShouldDeregisterWhenItStops() throws Exception {
		node.destroy();
		assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(output()).contains("DEREGISTERED");
		assertThat(Http.json(registry.uri("/api/v1/services/node-service/instances?passing=false"))).isEmpty();
	}

	private static String output() throws IOException {
		return Files.readString(log, StandardCharsets.UTF_8);
	}

	/** Installs the package from the npm registry into target/, once; the script next to it. */
	private static Path install() throws IOException, InterruptedException {
		Path dir = Jar.projectRoot().resolve("sample-apps/e2e/target/eureka-js");
		Files.createDirectories(dir);
		try (InputStream script = EurekaJsClientIntegrationTests.class.getResourceAsStream("/eureka-js/client.js")) {
			Files.copy(script, dir.resolve("client.js"), StandardCopyOption.REPLACE_EXISTING);
		}
		if (!Files.isDirectory(dir.resolve("node_modules/eureka-js-client"))) {
			Process npm = new ProcessBuilder("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund",
					PACKAGE)
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("npm-install.log").toFile())
				.start();
			if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
				npm.destroyForcibly();
				Assertions.fail("npm install " + PACKAGE + " failed:\n"
						+ Files.readString(dir.resolve("npm-install.log")));
			}
		}
		return dir;
	}

	private static void require(String program) {
		boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.stream()
			.anyMatch((directory) -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, program)));
		if (!found) {
			String reason = "'" + program + "' is not installed (Node.js 20 with npm; .ci/run installs it)";
			if ("true".equals(System.getenv("CI"))) {
				Assertions.fail(reason);
			}
			Assumptions.abort(reason);
		}
	}

}
