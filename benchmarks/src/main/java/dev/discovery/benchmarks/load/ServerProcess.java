package dev.discovery.benchmarks.load;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry started from its executable jar in its own JVM, so its memory, threads and RSS are its own.
 */
public final class ServerProcess implements Closeable {

	/** Linux's USER_HZ, the unit of CPU times in {@code /proc}: 100 on every common architecture. */
	private static final long CLOCK_TICKS = 100;

	private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

	private final Process process;

	private final int port;

	private final int xdsPort;

	private final HttpClient http = HttpClient.newHttpClient();

	private ServerProcess(Process process, int port, int xdsPort) {
		this.process = process;
		this.port = port;
		this.xdsPort = xdsPort;
	}

	/**
	 * Starts the registry on a free loopback port and waits until it is ready.
	 * @param jar the executable jar
	 * @param jvmOptions options for the registry's JVM
	 * @param log where its output goes
	 * @return the running registry
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static ServerProcess start(Path jar, List<String> jvmOptions, Path log)
			throws IOException, InterruptedException {
		return start(jar, jvmOptions, List.of("--discovery.server.snapshot.enabled=false"), log);
	}

	/**
	 * Starts the registry with extra settings on a free loopback port and waits until it is ready.
	 * @param jar the executable jar
	 * @param jvmOptions options for the registry's JVM
	 * @param arguments settings, {@code --name=value}, among them whether it keeps its state on disk
	 * @param log where its output goes
	 * @return the running registry
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static ServerProcess start(Path jar, List<String> jvmOptions, List<String> arguments, Path log)
			throws IOException, InterruptedException {
		int port = freePort();
		int xdsPort = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
				"--discovery.server.dns.port=0", "--logging.level.root=WARN",
				// One load generator stands in for thousands of clients: its writes must not be rate limited.
				"--discovery.server.limits.write-rate=0", "--discovery.server.watch.max-watchers-per-address=0",
				"--discovery.server.xds.port=" + xdsPort, "--discovery.server.xds.max-streams-per-address=0",
				"--discovery.server.connector.max-connections-per-address=0",
				"--discovery.server.connector.max-requests-per-address=0"));
		command.addAll(arguments);
		Files.createDirectories(log.toAbsolutePath().getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ServerProcess server = new ServerProcess(process, port, xdsPort);
		try {
			server.awaitReady(Duration.ofSeconds(180));
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			// Never leave a registry behind that nobody will stop.
			server.close();
			throw ex;
		}
		return server;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private void awaitReady(Duration timeout) throws IOException, InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < end) {
			if (!this.process.isAlive()) {
				throw new IOException("The registry exited with " + this.process.exitValue() + " before it was ready");
			}
			try {
				if (get("/health/ready").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(100);
		}
		throw new IOException("The registry was not ready within " + timeout);
	}

	public int port() {
		return this.port;
	}

	/** The registry's xDS (gRPC) port. */
	public int xdsPort() {
		return this.xdsPort;
	}

	public long pid() {
		return this.process.pid();
	}

	/**
	 * Runs a diagnostic command in the registry's JVM.
	 * @param command the command and its arguments, as {@code jcmd} takes them
	 * @throws IOException if {@code jcmd} cannot be run
	 * @throws InterruptedException if interrupted while it runs
	 */
	public void jcmd(String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(pid())));
		line.addAll(List.of(command));
		Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(jcmd.getInputStream().readAllBytes());
		if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
			throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
		}
	}

	/**
	 * CPU time the registry process has used so far, user and system, from {@code /proc/<pid>/stat}.
	 * @return nanoseconds, in steps of one clock tick
	 * @throws IOException if {@code /proc} cannot be read (not Linux)
	 */
	public long cpuNanos() throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
		// Fields after the command name, which may hold spaces: state is the 3rd field, utime the 14th, stime the 15th.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return ticks * (1_000_000_000L / CLOCK_TICKS);
	}

	/**
	 * The machine's load averages, as {@code /proc/loadavg} gives them.
	 * @return one, five and fifteen minutes, or {@code "?"} where {@code /proc} is not available
	 */
	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/**
	 * Sends a GET to the registry.
	 * @param path the path
	 * @return the response
	 * @throws IOException if it fails
	 * @throws InterruptedException if interrupted
	 */
	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The live heap after a full collection, read through {@code jcmd} and the registry's own metrics.
	 * @return bytes of heap in use
	 * @throws IOException if it cannot be read
	 * @throws InterruptedException if interrupted
	 */
	public long liveHeapBytes() throws IOException, InterruptedException {
		Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(pid()), "GC.run")
			.redirectErrorStream(true)
			.start();
		gc.getInputStream().readAllBytes();
		gc.waitFor(60, TimeUnit.SECONDS);
		return (long) metric("jvm.memory.used?tag=area:heap");
	}

	/**
	 * A value of the registry's Micrometer metrics endpoint.
	 * @param nameAndTags the metric name, with a {@code ?tag=} query if needed
	 * @return the first measurement
	 * @throws IOException if it cannot be read
	 * @throws InterruptedException if interrupted
	 */
	public double metric(String nameAndTags) throws IOException, InterruptedException {
		String body = get("/actuator/metrics/" + nameAndTags).body();
		Matcher matcher = VALUE.matcher(body);
		if (!matcher.find()) {
			throw new IOException("No value for metric " + nameAndTags + ": " + body);
		}
		return Double.parseDouble(matcher.group(1));
	}

	/**
	 * Resident set size and thread count from {@code /proc}.
	 * @return {@code [rssBytes, threads]}, zeros where {@code /proc} is not available
	 * @throws IOException if it cannot be read
	 */
	public long[] rssAndThreads() throws IOException {
		Path status = Path.of("/proc", Long.toString(pid()), "status");
		long rss = 0;
		long threads = 0;
		if (Files.exists(status)) {
			for (String line : Files.readAllLines(status)) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
				else if (line.startsWith("Threads:")) {
					threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		return new long[] { rss, threads };
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
