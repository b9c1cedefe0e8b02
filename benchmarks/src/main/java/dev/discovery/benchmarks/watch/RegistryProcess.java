package dev.discovery.benchmarks.watch;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry server under test, started from its executable jar in a JVM of its own on a free loopback port, so
 * its threads and heap are measured apart from the load generator's.
 */
final class RegistryProcess implements AutoCloseable {

	private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

	private final Process process;

	private final HttpClient http = HttpClient.newHttpClient();

	final String baseUrl;

	final int port;

	private RegistryProcess(Process process, int port) {
		this.process = process;
		this.port = port;
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	static RegistryProcess start(Path jar, String heap, Path log) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap, "-jar", jar.toString(),
				"--server.port=" + port, "--server.address=127.0.0.1", "--discovery.server.snapshot.enabled=false",
				"--spring.jmx.enabled=false", "--logging.level.root=WARN"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		RegistryProcess registry = new RegistryProcess(process, port);
		registry.awaitLive(Duration.ofSeconds(60));
		return registry;
	}

	long pid() {
		return this.process.pid();
	}

	private void awaitLive(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (this.http.send(get("/health/live"), BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("Registry did not come up within " + timeout);
	}

	/** A meter's value from the actuator, such as {@code jvm.threads.live}. */
	double metric(String name, String... tags) throws Exception {
		StringBuilder uri = new StringBuilder("/actuator/metrics/" + name);
		for (int i = 0; i < tags.length; i++) {
			uri.append(i == 0 ? "?" : "&").append("tag=").append(tags[i]);
		}
		String body = this.http.send(get(uri.toString()), BodyHandlers.ofString()).body();
		Matcher matcher = VALUE.matcher(body);
		if (!matcher.find()) {
			throw new IllegalStateException("No value for " + name + " in " + body);
		}
		return Double.parseDouble(matcher.group(1));
	}

	/** Heap in use after a full collection, i.e. what is live. */
	double liveHeapMiB() throws Exception {
		new ProcessBuilder("jcmd", Long.toString(pid()), "GC.run").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start()
			.waitFor();
		return metric("jvm.memory.used", "area:heap") / (1024 * 1024);
	}

	HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).build();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

}
