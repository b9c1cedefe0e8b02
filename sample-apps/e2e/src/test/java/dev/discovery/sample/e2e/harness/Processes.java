package dev.discovery.sample.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import static org.awaitility.Awaitility.await;

/**
 * Starts jars as processes and guarantees none outlives its test. As a static field,
 * {@code @RegisterExtension static final Processes processes = new Processes();}, the processes it starts live until
 * the test class ends (start JVMs once per class: start-ups add up); as an instance field, until each test ends.
 * Each is stopped gracefully, then killed if it does not stop. When a test fails, the end of every process's log is
 * printed; logs stay in {@code target/e2e-logs/<test class>/}.
 */
public final class Processes implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
		TestWatcher {

	/**
	 * How long a JVM may take to become ready, or a started app to register: generous, since several JVMs start at
	 * once on a machine with two cores that other builds may share. A bound for failing, not a target.
	 */
	public static final Duration STARTUP = Duration.ofSeconds(180);

	/** Processes of every test class in this JVM, killed if the JVM exits while they run. */
	private static final Set<Process> everywhere = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> everywhere.forEach(Process::destroyForcibly), "e2e-process-reaper"));
	}

	private final List<AppProcess> running = new ArrayList<>();

	private final List<AppProcess> all = new ArrayList<>();

	private Path logs = Path.of("target", "e2e-logs").toAbsolutePath();

	/** Whether JUnit calls {@link #beforeAll}: only for a static field, whose processes live as long as the class. */
	private boolean classScoped;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.classScoped = true;
		this.logs = logsOf(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.logs = logsOf(context);
	}

	private static Path logsOf(ExtensionContext context) {
		return Path.of("target", "e2e-logs", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (!this.classScoped) {
			closeAll();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		closeAll();
	}

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		for (AppProcess process : this.all) {
			System.err.println(process.tail(60));
		}
	}

	/**
	 * Starts one process and waits until it is ready ({@code /health/ready} answers 200).
	 * @param spec what to start
	 * @return the running process
	 */
	public AppProcess start(ProcessSpec spec) {
		return start(new ProcessSpec[] { spec }).get(0);
	}

	/**
	 * Starts several processes at once, then waits until each is ready: their JVMs start side by side.
	 * @param specs what to start
	 * @return the running processes, in the order given
	 */
	public List<AppProcess> start(ProcessSpec... specs) {
		List<AppProcess> started = new ArrayList<>();
		for (ProcessSpec spec : specs) {
			started.add(launch(spec));
		}
		List<AppProcess> ready = new ArrayList<>();
		for (int i = 0; i < specs.length; i++) {
			ready.add(specs[i].awaitReady ? awaitReady(specs[i], started.get(i)) : started.get(i));
		}
		return ready;
	}

	private AppProcess launch(ProcessSpec spec) {
		int port = (spec.port != null) ? spec.port : freePort();
		Path log = this.logs.resolve(logName(spec.name));
		try {
			Files.createDirectories(this.logs);
			Process process = new ProcessBuilder(spec.command(port)).directory(this.logs.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			everywhere.add(process);
			process.onExit().thenRun(() -> everywhere.remove(process));
			AppProcess app = new AppProcess(spec.name, process, port, log, spec.tls);
			this.running.add(app);
			this.all.add(app);
			return app;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + spec.name, ex);
		}
	}

	private AppProcess awaitReady(ProcessSpec spec, AppProcess app) {
		try {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
				if (!app.isAlive()) {
					return true;
				}
				return app.status("/health/ready") == 200;
			});
		}
		catch (RuntimeException ex) {
			app.kill();
			throw new AssertionError(app + " was not ready within " + STARTUP + "\n" + app.tail(60), ex);
		}
		if (!app.isAlive()) {
			String output = app.output();
			if (spec.port == null && output.contains("Port " + app.port() + " was already in use")) {
				// Another program took the free port between our check and the app's bind: try another one.
				return awaitReady(spec, launch(spec));
			}
			throw new AssertionError(app + " exited with " + app.awaitExit(Duration.ZERO) + " before it was ready\n"
					+ app.tail(60));
		}
		return app;
	}

	private String logName(String name) {
		long earlier = this.all.stream().filter((p) -> p.name().equals(name)).count();
		return (earlier == 0) ? name + ".log" : name + "-" + (earlier + 1) + ".log";
	}

	private void closeAll() {
		List<AppProcess> reversed = new ArrayList<>(this.running);
		Collections.reverse(reversed);
		reversed.forEach(AppProcess::close);
		this.running.clear();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
