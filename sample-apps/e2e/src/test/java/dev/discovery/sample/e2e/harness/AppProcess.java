package dev.discovery.sample.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * One running jar: its port, its log, and the ways it can end (a graceful stop with SIGTERM, or {@code kill -9}).
 */
public final class AppProcess implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	private final @Nullable SSLContext tls;

	private final HttpClient http;

	AppProcess(String name, Process process, int port, Path log, @Nullable SSLContext tls) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
		this.tls = tls;
		this.http = Http.client(tls);
	}

	/** The name it was started with (for apps, the instance id). */
	public String name() {
		return this.name;
	}

	/** The HTTP port it listens on, on 127.0.0.1. */
	public int port() {
		return this.port;
	}

	/** Its operating-system process id. */
	public long pid() {
		return this.process.pid();
	}

	/** {@code http://127.0.0.1:<port>}, or {@code https://} for a process started with TLS. */
	public String baseUrl() {
		return ((this.tls != null) ? "https" : "http") + "://127.0.0.1:" + this.port;
	}

	/**
	 * The status of a GET on this process (over TLS if it serves TLS), or {@code -1} if it does not answer.
	 * @param path the path
	 * @return the status
	 */
	public int status(String path) {
		return Http.status(uri(path), this.http);
	}

	/**
	 * An address on this process.
	 * @param path the path, starting with {@code /}
	 * @return the URI
	 */
	public URI uri(String path) {
		return URI.create(baseUrl() + path);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Stops it gracefully (SIGTERM, as Ctrl-C or an orchestrator would) and waits until it has exited.
	 * @return how long the stop took
	 */
	public Duration stop() {
		long started = System.nanoTime();
		this.process.destroy();
		if (!waitFor(STOP_TIMEOUT)) {
			this.process.destroyForcibly();
			waitFor(STOP_TIMEOUT);
			throw new AssertionError(this.name + " did not stop within " + STOP_TIMEOUT + " of SIGTERM; killed it");
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/**
	 * Kills it with SIGKILL ({@code kill -9}): no shutdown hook, no deregistration, no flush. Returns once the
	 * operating system has reaped it.
	 */
	public void kill() {
		this.process.destroyForcibly();
		if (!waitFor(STOP_TIMEOUT)) {
			throw new AssertionError(this.name + " survived SIGKILL for " + STOP_TIMEOUT);
		}
	}

	/**
	 * Waits for it to exit on its own.
	 * @param timeout how long to wait
	 * @return its exit code
	 */
	public int awaitExit(Duration timeout) {
		if (!waitFor(timeout)) {
			throw new AssertionError(this.name + " still runs after " + timeout + "\n" + tail(40));
		}
		return this.process.exitValue();
	}

	private boolean waitFor(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			return false;
		}
	}

	/** Everything it has written to stdout and stderr so far. */
	public String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The file its output goes to. */
	public Path log() {
		return this.log;
	}

	/**
	 * The last lines of its output, for failure messages.
	 * @param lines how many
	 * @return the lines, headed by the process's name
	 */
	public String tail(int lines) {
		List<String> all = output().lines().toList();
		return "--- last lines of " + this.name + " (" + this.log + ") ---\n"
				+ String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	/** Stops it gracefully if it still runs, and kills it if that fails. */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!waitFor(STOP_TIMEOUT)) {
				this.process.destroyForcibly();
				waitFor(STOP_TIMEOUT);
			}
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + pid() + ", port " + this.port + ")";
	}

}
