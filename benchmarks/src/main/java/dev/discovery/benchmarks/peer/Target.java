package dev.discovery.benchmarks.peer;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A registry under test, started as its own process on 127.0.0.1, and the requests of each scenario in its own API.
 * Services and instances are numbered; each registry names them its own way.
 */
abstract class Target implements Closeable {

	/** The scenarios both registries run. */
	enum Scenario {

		REGISTER("register"), RENEW("renew / heartbeat"), READ_ONE("GET one service of 100"),
		READ_ALL("GET every instance"),
		/** Extra information, not a target: the same read from a client that accepts gzip. */
		READ_ONE_GZIP("GET one service of 100, gzip accepted (extra)");

		final String label;

		Scenario(String label) {
			this.label = label;
		}

	}

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	final int port;

	private final Process process;

	Target(List<String> command, Path log) throws IOException, InterruptedException {
		this.port = freePort();
		List<String> full = new ArrayList<>(command);
		full.add("--server.port=" + this.port);
		full.add("--server.address=127.0.0.1");
		Files.createDirectories(log.toAbsolutePath().getParent());
		this.process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		// A comparison stopped with Ctrl-C must not leave a registry running.
		Process started = this.process;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop-" + this.port));
		try {
			awaitReady(Duration.ofMinutes(3));
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/** The registry's name in the report. */
	abstract String name();

	/** How it was started, for the report. */
	abstract String command();

	/** Registers instance {@code n} of service {@code service}. */
	abstract byte[] register(long n, long service);

	/** The status a registration answers. */
	abstract int registeredStatus();

	/** Renews the lease of instance {@code n} of service {@code service}; answers 200. */
	abstract byte[] renew(long n, long service);

	/** The path and headers that list one service's instances. */
	abstract Get readOne(long service);

	/** The path and headers that list every instance of every service in one answer. */
	abstract Get readAll();

	/** The endpoint of each scenario, for the report. */
	abstract String endpoint(Scenario scenario);

	/** A readiness check: a GET that answers 200 once the registry serves. */
	abstract Get ready();

	/**
	 * A GET as the load generator sends it.
	 *
	 * @param path the path and query
	 * @param headers header name and value pairs
	 */
	record Get(String path, List<String> headers) {

		byte[] encoded() {
			StringBuilder head = new StringBuilder(128).append("GET ").append(this.path)
				.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
			for (int i = 0; i < this.headers.size(); i += 2) {
				head.append(this.headers.get(i)).append(": ").append(this.headers.get(i + 1)).append("\r\n");
			}
			return head.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		}

	}

	/**
	 * Sends a GET with a JDK client.
	 * @param get the request
	 * @return the answer
	 * @throws IOException if it fails
	 * @throws InterruptedException if interrupted
	 */
	HttpResponse<byte[]> send(Get get) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + get.path()))
			.timeout(Duration.ofSeconds(30));
		if (!get.headers().isEmpty()) {
			request.headers(get.headers().toArray(String[]::new));
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private void awaitReady(Duration timeout) throws IOException, InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < end) {
			if (!this.process.isAlive()) {
				throw new IOException(name() + " exited with " + this.process.exitValue() + " before it was ready");
			}
			try {
				if (send(ready()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(200);
		}
		throw new IOException(name() + " was not ready within " + timeout);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
