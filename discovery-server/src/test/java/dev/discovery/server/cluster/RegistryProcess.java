package dev.discovery.server.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A registry replica in its own JVM, so it can be killed with SIGKILL like a crashed host and started again on the
 * same port. It runs from the executable jar, or, inside the server's own build (where tests run before the jar is
 * packaged), from the test classpath with the same main class.
 */
public final class RegistryProcess implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final List<String> launcher;

	private final List<String> arguments;

	private final int port;

	private final Path log;

	private volatile @Nullable Process process;

	private RegistryProcess(List<String> launcher, List<String> arguments, int port, Path log) {
		this.launcher = launcher;
		this.arguments = arguments;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a replica from the executable jar on a free loopback port and waits until it is ready.
	 * @param jar the executable jar
	 * @param log where its output goes (appended to across restarts)
	 * @param arguments application arguments, {@code --name=value}
	 * @return the running replica
	 */
	public static RegistryProcess fromJar(Path jar, Path log, List<String> arguments) {
		return start(List.of("-jar", jar.toString()), log, arguments);
	}

	/**
	 * Starts a replica from this JVM's classpath on a free loopback port and waits until it is ready.
	 * @param log where its output goes (appended to across restarts)
	 * @param arguments application arguments, {@code --name=value}
	 * @return the running replica
	 */
	public static RegistryProcess fromClasspath(Path log, List<String> arguments) {
		// Surefire puts the real classpath here; java.class.path may be a manifest-only jar.
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return start(List.of("-cp", classpath, "dev.discovery.server.DiscoveryServerApplication"), log, arguments);
	}

	private static RegistryProcess start(List<String> launcher, Path log, List<String> arguments) {
		try {
			RegistryProcess replica = new RegistryProcess(launcher, arguments, EtcdCluster.freePort(), log);
			replica.launch();
			return replica;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void launch() throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xss512k"));
		command.addAll(this.launcher);
		command.addAll(List.of("--server.port=" + this.port, "--server.address=127.0.0.1",
				"--discovery.server.dns.port=0", "--discovery.server.xds.port=0", "--discovery.server.snapshot.enabled=false", "--spring.jmx.enabled=false",
				"--discovery.server.limits.write-rate=0"));
		command.addAll(this.arguments);
		Files.createDirectories(this.log.toAbsolutePath().getParent());
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		awaitReady();
	}

	private void awaitReady() throws IOException {
		long end = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < end) {
			Process running = this.process;
			if (running == null || !running.isAlive()) {
				throw new IOException("The registry on port " + this.port + " exited before it was ready; see " + this.log);
			}
			try {
				HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
					.timeout(Duration.ofSeconds(2))
					.build();
				if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			sleep(100);
		}
		throw new IOException("The registry on port " + this.port + " was not ready within " + READY_TIMEOUT);
	}

	/** The replica's base URL. */
	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/** Kills the replica with SIGKILL: no graceful shutdown, nothing it held in memory survives. */
	public void kill() {
		end(true);
	}

	/** Stops the replica with SIGTERM and waits for its graceful shutdown. */
	public void stop() {
		end(false);
	}

	/** Starts a stopped or killed replica again on the same port and waits until it is ready. */
	public void restart() {
		if (alive()) {
			throw new IllegalStateException("The registry on port " + this.port + " is still running");
		}
		try {
			launch();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public boolean alive() {
		Process running = this.process;
		return running != null && running.isAlive();
	}

	/** Where the replica's output goes. */
	public File log() {
		return this.log.toFile();
	}

	private void end(boolean forcibly) {
		Process running = this.process;
		if (running == null) {
			return;
		}
		if (forcibly) {
			running.destroyForcibly();
		}
		else {
			running.destroy();
		}
		try {
			if (!running.waitFor(30, TimeUnit.SECONDS)) {
				running.destroyForcibly();
				running.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			running.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	@Override
	public void close() {
		end(true);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
