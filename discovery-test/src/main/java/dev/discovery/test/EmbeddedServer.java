package dev.discovery.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The real registry, started from its executable jar inside this JVM but in a class loader of its own: the
 * application under test sees none of the server's classes, dependencies or configuration, and the server none of
 * the application's.
 */
final class EmbeddedServer implements AutoCloseable {

	/** Named, not referenced: the bridge must never be loaded by the application's class loader. */
	private static final String BRIDGE = "dev.discovery.test.bridge.ServerBridge";

	private static final String BRIDGE_PACKAGE = "dev.discovery.test.bridge.";

	/** One class loader for every registry in this JVM: the server's classes are loaded once. */
	private static volatile ServerLoader loader;

	private final int port;

	private final Supplier<CompletableFuture<?>> tick;

	private final Runnable close;

	private EmbeddedServer(int port, Supplier<CompletableFuture<?>> tick, Runnable close) {
		this.port = port;
		this.tick = tick;
		this.close = close;
	}

	/**
	 * Starts a registry.
	 * @param args its command-line arguments
	 * @param clock the clock it follows
	 * @return the running registry
	 */
	@SuppressWarnings("unchecked")
	static EmbeddedServer start(List<String> args, Clock clock) {
		ServerLoader server = loader();
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(server.classLoader);
		try {
			Class<?> bridge = server.bridgeLoader.loadClass(BRIDGE);
			Map<String, Object> started = (Map<String, Object>) bridge
				.getMethod("start", String.class, String[].class, Clock.class)
				.invoke(null, server.mainClass, args.toArray(String[]::new), clock);
			return new EmbeddedServer((Integer) started.get("port"),
					(Supplier<CompletableFuture<?>>) started.get("tick"), (Runnable) started.get("close"));
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("The embedded registry failed to start", ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot start the embedded registry", ex);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static ServerLoader loader() {
		ServerLoader current = loader;
		if (current == null) {
			synchronized (EmbeddedServer.class) {
				current = loader;
				if (current == null) {
					current = new ServerLoader(ServerArchive.unpack());
					loader = current;
				}
			}
		}
		return current;
	}

	int port() {
		return this.port;
	}

	/**
	 * Runs what the registry runs on its timers, now: expires leases that have run out and starts the health checks
	 * that are due.
	 * @return completes when the checks it started are recorded
	 */
	CompletableFuture<?> tick() {
		return this.tick.get();
	}

	@Override
	public void close() {
		this.close.run();
	}

	/**
	 * The server's class loader (its jar's classes and libraries over the JDK's platform classes), and a child that
	 * defines the test kit's bridge next to them.
	 */
	private static final class ServerLoader {

		final ClassLoader classLoader;

		final ClassLoader bridgeLoader;

		final String mainClass;

		ServerLoader(ServerArchive archive) {
			this.classLoader = new URLClassLoader("discovery-server", archive.classpath().toArray(URL[]::new),
					ClassLoader.getPlatformClassLoader());
			this.bridgeLoader = new BridgeLoader(this.classLoader);
			this.mainClass = archive.mainClass();
		}

	}

	/**
	 * Defines the bridge's classes from the test kit's own bytes, so that they link against the server's Spring.
	 */
	private static final class BridgeLoader extends ClassLoader {

		static {
			registerAsParallelCapable();
		}

		BridgeLoader(ClassLoader server) {
			super("discovery-test-bridge", server);
		}

		@Override
		protected Class<?> findClass(String name) throws ClassNotFoundException {
			if (!name.startsWith(BRIDGE_PACKAGE)) {
				throw new ClassNotFoundException(name);
			}
			String resource = name.replace('.', '/') + ".class";
			try (InputStream in = EmbeddedServer.class.getClassLoader().getResourceAsStream(resource)) {
				if (in == null) {
					throw new ClassNotFoundException(name);
				}
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
