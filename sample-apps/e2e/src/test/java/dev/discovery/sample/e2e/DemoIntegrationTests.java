package dev.discovery.sample.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.discovery.sample.e2e.harness.Http;
import dev.discovery.sample.e2e.harness.Jar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one-command demo, run as a user runs it: {@code ./demo} starts the registry, two payment-service instances,
 * order-service and the gateway; a call by name goes through the gateway; Ctrl-C (SIGINT) stops every process it
 * started. Free ports, and the jars this build has just made ({@code --no-build}).
 */
class DemoIntegrationTests {

	private static final Pattern GATEWAY = Pattern.compile("^  gateway\\s+(http://\\S+)", Pattern.MULTILINE);

	private Process demo;

	private List<ProcessHandle> started = List.of();

	@AfterEach
	void stopLeftovers() {
		this.started.forEach(ProcessHandle::destroyForcibly);
		if (this.demo != null) {
			this.demo.descendants().forEach(ProcessHandle::destroyForcibly);
			this.demo.destroyForcibly();
		}
	}

	@Test
	void demoShouldStartEverythingAnswerThroughTheGatewayAndLeaveNoProcessOnCtrlC() throws Exception {
		requireDefaultSignalSupport();
		Path root = Jar.projectRoot();
		Path logs = Path.of("target", "e2e-logs", "DemoIntegrationTests").toAbsolutePath();
		Path output = logs.resolve("demo.out");
		Files.createDirectories(logs);
		// A build run in the background hands its children SIGINT ignored, and a shell cannot trap a signal ignored
		// at its start: restore the default a terminal's foreground job has, so the script's Ctrl-C handler runs.
		ProcessBuilder builder = new ProcessBuilder("env", "--default-signal=INT", root.resolve("demo").toString(),
				"--random-ports", "--no-build");
		builder.environment().put("DEMO_DIR", logs.toString());
		this.demo = builder.directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		await().atMost(Duration.ofMinutes(4))
			.until(() -> Files.readString(output).contains("Ctrl-C stops everything.") || !this.demo.isAlive());
		assertThat(this.demo.isAlive()).as(Files.readString(output)).isTrue();
		this.started = this.demo.descendants().filter((p) -> command(p).contains("java")).toList();
		assertThat(this.started).as("JVMs the demo started").hasSize(5);

		Matcher gateway = GATEWAY.matcher(Files.readString(output));
		assertThat(gateway.find()).as(Files.readString(output)).isTrue();
		JsonNode payment = Http.json(URI.create(gateway.group(1) + "/payments/1"));
		assertThat(payment.get("paymentId").asString()).isEqualTo("1");
		assertThat(payment.get("servedBy").asString()).startsWith("payment-service-");

		new ProcessBuilder("kill", "-INT", Long.toString(this.demo.pid())).start().waitFor();
		assertThat(this.demo.waitFor(90, TimeUnit.SECONDS)).as("the demo stops on Ctrl-C").isTrue();
		assertThat(this.demo.exitValue()).as(Files.readString(output)).isZero();
		assertThat(Files.readString(output)).contains("Stopped: no demo process is left.");
		assertThat(this.started).as("processes left behind").noneMatch(ProcessHandle::isAlive);
		assertThat(logs.resolve("pids")).doesNotExist();
	}

	private static String command(ProcessHandle process) {
		return process.info().command().orElse("");
	}

	private static void requireDefaultSignalSupport() throws IOException, InterruptedException {
		Process probe;
		try {
			probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			probe = null;
		}
		if (probe == null || !probe.waitFor(10, TimeUnit.SECONDS) || probe.exitValue() != 0) {
			String reason = "GNU env with --default-signal (coreutils 8.31 or newer) is needed to send the demo a "
					+ "Ctrl-C from a test";
			if ("true".equals(System.getenv("CI"))) {
				Assertions.fail(reason);
			}
			Assumptions.abort(reason);
		}
	}

}
