package dev.discovery.test.bridge;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs inside the registry's own class loader, next to the server's classes: starts the server with the test's
 * clock and exposes what the test kit drives, through JDK types only ({@code Map}, {@code Supplier},
 * {@code Runnable}), since no other type is shared between the two class loaders. Not an API.
 */
public final class ServerBridge {

	/** Bean that removes leases that have run out ({@code expire()}). */
	private static final String LEASE_EXPIRER = "dev.discovery.server.lease.LeaseExpirer";

	/** Bean that runs the health checks that are due ({@code runDueChecks()}). */
	private static final String HEALTH_CHECKER = "dev.discovery.server.health.HealthChecker";

	private static final String TOMCAT_URL_HANDLERS = "org.apache.catalina.webresources.TomcatURLStreamHandlerFactory";

	private ServerBridge() {
	}

	/**
	 * Starts the registry.
	 * @param mainClass the server's main class
	 * @param args its command-line arguments
	 * @param clock the clock its leases, checks and timestamps follow
	 * @return {@code port} (Integer), {@code tick} (Supplier of a future: expires leases and runs the due health
	 * checks, completing when their results are recorded) and {@code close} (Runnable)
	 * @throws ClassNotFoundException if the main class is missing
	 */
	public static Map<String, Object> start(String mainClass, String[] args, Clock clock) throws ClassNotFoundException {
		Class<?> main = Class.forName(mainClass, false, ServerBridge.class.getClassLoader());
		keepUrlHandlersForTheApplication();
		List<Handler> julHandlers = List.of(Logger.getLogger("").getHandlers());
		ConfigurableApplicationContext context = new SpringApplicationBuilder(main)
			.initializers(new ClockInitializer(clock))
			.run(args);
		restoreJulHandlers(julHandlers);
		int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
		Supplier<CompletableFuture<?>> tick = () -> tick(context);
		Runnable close = context::close;
		return Map.of("port", port, "tick", tick, "close", close);
	}

	/**
	 * Tomcat installs the JVM's one {@code URLStreamHandlerFactory}; a second Tomcat (the application's) then fails
	 * to start. The registry does not need it (it serves no packed WAR), so its Tomcat leaves it to the application.
	 */
	private static void keepUrlHandlersForTheApplication() {
		try {
			Class.forName(TOMCAT_URL_HANDLERS, true, ServerBridge.class.getClassLoader()).getMethod("disable").invoke(null);
		}
		catch (ClassNotFoundException ex) {
			// Not Tomcat: nothing to keep.
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot keep Tomcat's URL handlers for the application", ex);
		}
	}

	/**
	 * Boot bridges {@code java.util.logging} into its own Logback; the application under test has its own bridge,
	 * so drop the one the registry added and keep the JVM's logging as it was.
	 */
	private static void restoreJulHandlers(List<Handler> before) {
		Logger root = Logger.getLogger("");
		for (Handler handler : root.getHandlers()) {
			if (!before.contains(handler)) {
				root.removeHandler(handler);
			}
		}
	}

	private static CompletableFuture<?> tick(ConfigurableApplicationContext context) {
		List<CompletableFuture<?>> rounds = new ArrayList<>();
		for (Object expirer : beans(context, LEASE_EXPIRER)) {
			invoke(expirer, "expire");
		}
		for (Object checker : beans(context, HEALTH_CHECKER)) {
			rounds.add((CompletableFuture<?>) invoke(checker, "runDueChecks"));
		}
		return CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new));
	}

	private static List<Object> beans(ConfigurableApplicationContext context, String type) {
		try {
			Class<?> beanType = Class.forName(type, false, ServerBridge.class.getClassLoader());
			return new ArrayList<>(context.getBeansOfType(beanType).values());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("The registry has no " + type + ": this discovery-test does not match "
					+ "the embedded discovery-server", ex);
		}
	}

	private static Object invoke(Object target, String method) {
		try {
			return target.getClass().getMethod(method).invoke(target);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException(target.getClass().getSimpleName() + "." + method + " failed",
					ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The registry's " + target.getClass().getName() + " has no public "
					+ method + "(): this discovery-test does not match the embedded discovery-server", ex);
		}
	}

	/**
	 * Makes the test's clock the registry's: the server's own clock bean backs off when one exists.
	 */
	static final class ClockInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private final Clock clock;

		ClockInitializer(Clock clock) {
			this.clock = clock;
		}

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getBeanFactory().registerSingleton("discoveryTestClock", this.clock);
		}

	}

}
