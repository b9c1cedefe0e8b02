package dev.discovery.test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;

/**
 * A real registry running in the test JVM, on 127.0.0.1 and a free port, whose clock stands still until the test
 * moves it. Get one from {@link EmbeddedRegistry} (shared by the tests that ask for the same properties) or
 * {@link #start(String...)} (yours to close).
 * <p>
 * It is the registry your application will meet in production, with test-friendly defaults: no snapshot file, no
 * DNS or xDS listener, no protection mode, no write rate limit; pass server properties to change them. Every helper
 * uses the registry's public HTTP API.
 */
public final class TestRegistry implements AutoCloseable {

	private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

	private final EmbeddedServer server;

	private final RegistryApi api;

	private final RegistryTime time;

	private final boolean shared;

	private final KitChanges changes;

	private final AtomicInteger fakes = new AtomicInteger();

	private TestRegistry(EmbeddedServer server, RegistryClock clock, boolean shared) {
		this.server = server;
		this.api = new RegistryApi(URI.create(url()));
		this.time = new RegistryTime(clock, server, this.api);
		this.changes = new KitChanges(this.api, this.time);
		this.shared = shared;
	}

	/**
	 * Starts a registry of your own; close it when done.
	 * @param properties server properties as {@code key=value}, e.g.
	 * {@code "discovery.server.protection.enabled=true"}
	 * @return the running registry
	 */
	public static TestRegistry start(String... properties) {
		return start(List.of(properties), false);
	}

	static TestRegistry start(List<String> properties, boolean shared) {
		RegistryClock clock = RegistryClock.startingNow();
		TestRegistry registry = new TestRegistry(EmbeddedServer.start(RegistrySettings.args(properties), clock), clock,
				shared);
		System.getLogger(TestRegistry.class.getName())
			.log(System.Logger.Level.INFO, "Embedded discovery registry at " + registry.url());
		return registry;
	}

	/** {@code http://127.0.0.1:<port>}: what {@code discovery.registry.url} is set to. */
	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/** The registry's HTTP port. */
	public int port() {
		return this.server.port();
	}

	/**
	 * Command-line arguments that point an application you start yourself at this registry, e.g.
	 * {@code SpringApplication.run(PaymentApplication.class, registry.clientArgs())}. They outrank the
	 * application's own {@code application.yml}.
	 * @return {@code --discovery.registry.url=...} and {@code --discovery.instance.host=127.0.0.1}
	 */
	public String[] clientArgs() {
		return new String[] { "--discovery.registry.url=" + url(), "--discovery.instance.host=127.0.0.1" };
	}

	/** The registry's current time, which moves only with {@link #advance(Duration)}. */
	public Instant now() {
		return this.time.now();
	}

	/**
	 * Moves the registry's clock forward, in steps of at most a second, and after each step runs what the
	 * registry's timers would have run by then: leases that ran out expire, health checks that came due run (the
	 * step waits for their results), instances critical for longer than their {@code deregisterAfter} are removed.
	 * Every instance keeps renewing its lease meanwhile, as a live one does, except fakes you
	 * {@link FakeInstance#crash() crashed} or {@link FakeInstance#stopHeartbeats() silenced} and instances passed to
	 * {@link #expireLease(String, String)}. Takes milliseconds, not the time it simulates.
	 * @param duration how much time passes
	 */
	public void advance(Duration duration) {
		this.time.advance(duration);
	}

	/**
	 * Lets an instance's lease run out now: it is no longer renewed, and the clock moves just past the end of its
	 * lease (see {@link #advance(Duration)} for what else happens meanwhile).
	 * @param service the service
	 * @param instanceId the instance
	 */
	public void expireLease(String service, String instanceId) {
		this.changes.expireLease(service, instanceId);
	}

	/**
	 * Registers a fake instance of another service with the defaults of {@link FakeInstance.Builder}.
	 * @param service the service name
	 * @return the registered instance
	 */
	public FakeInstance registerFake(String service) {
		return fake(service).register();
	}

	/**
	 * Describes a fake instance of another service; {@link FakeInstance.Builder#register()} registers it.
	 * @param service the service name
	 * @return a builder
	 */
	public FakeInstance.Builder fake(String service) {
		return new FakeInstance.Builder(this, service, service + "-fake-" + this.fakes.incrementAndGet());
	}

	/**
	 * The passing instances of a service: what callers are offered.
	 * @param service the service
	 * @return the instances
	 */
	public List<InstanceView> instances(String service) {
		return this.api.instances(service, true);
	}

	/**
	 * Every instance of a service, passing or not.
	 * @param service the service
	 * @return the instances
	 */
	public List<InstanceView> allInstances(String service) {
		return this.api.instances(service, false);
	}

	/**
	 * One instance as the registry holds it, passing or not.
	 * @param service the service
	 * @param instanceId the instance
	 * @return the instance, or {@code null} if the registry does not hold it
	 */
	public @Nullable InstanceView instance(String service, String instanceId) {
		return this.api.instance(service, instanceId);
	}

	/**
	 * Waits until an instance is registered, {@code UP} and not failing its checks (at most 10 s).
	 * @param service the service
	 * @param instanceId the instance
	 * @return the instance
	 * @throws AssertionError if it is not within the time
	 */
	public InstanceView awaitRegistered(String service, String instanceId) {
		return awaitRegistered(service, instanceId, DEFAULT_WAIT);
	}

	/**
	 * Waits until an instance is registered, {@code UP} and not failing its checks. Blocks on the registry's
	 * change index rather than polling.
	 * @param service the service
	 * @param instanceId the instance
	 * @param timeout how long to wait
	 * @return the instance
	 * @throws AssertionError if it is not within the time
	 */
	public InstanceView awaitRegistered(String service, String instanceId, Duration timeout) {
		return this.api.awaitPassing(service, instanceId, timeout);
	}

	/**
	 * Waits until an application started with the starter is registered, {@code UP} and not failing its checks (at
	 * most 10 s).
	 * @param application the application's context
	 * @return its instance
	 * @throws AssertionError if it is not within the time
	 */
	public InstanceView awaitRegistered(ApplicationContext application) {
		return SpringApps.awaitRegistered(this, application, DEFAULT_WAIT);
	}

	/**
	 * Sets an instance {@code OUT_OF_SERVICE}, as an operator would: it leaves the passing view at once. Put back
	 * {@code UP} after the test when the registry comes from {@link EmbeddedRegistry}.
	 * @param service the service
	 * @param instanceId the instance
	 */
	public void takeOutOfService(String service, String instanceId) {
		this.changes.takeOutOfService(service, instanceId);
	}

	/**
	 * Sets an application's own instance {@code OUT_OF_SERVICE}.
	 * @param application the application's context
	 */
	public void takeOutOfService(ApplicationContext application) {
		InstanceView instance = SpringApps.instance(this, application);
		takeOutOfService(instance.service(), instance.instanceId());
	}

	/**
	 * Sets an instance {@code UP}.
	 * @param service the service
	 * @param instanceId the instance
	 */
	public void putInService(String service, String instanceId) {
		this.api.setStatus(service, instanceId, InstanceStatus.UP);
	}

	/**
	 * Sets an application's own instance {@code UP}.
	 * @param application the application's context
	 */
	public void putInService(ApplicationContext application) {
		InstanceView instance = SpringApps.instance(this, application);
		putInService(instance.service(), instance.instanceId());
	}

	/**
	 * Deregisters an instance.
	 * @param service the service
	 * @param instanceId the instance
	 */
	public void deregister(String service, String instanceId) {
		this.api.deregister(service, instanceId);
	}

	/**
	 * The instance the application's LoadBalancer would choose for a service now. Waits first (at most 10 s) until
	 * the application's view of the service, which the registry pushes, matches the registry's passing instances.
	 * @param application the application's context (with Spring Cloud LoadBalancer, which the starter brings)
	 * @param service the service
	 * @return the chosen instance's id, or {@code null} if there is none to choose
	 */
	public @Nullable String choose(ApplicationContext application, String service) {
		return choices(application, service, 1).get(0);
	}

	/**
	 * The instances the application's LoadBalancer would choose for a number of calls in a row, after waiting as
	 * {@link #choose(ApplicationContext, String)} does.
	 * @param application the application's context
	 * @param service the service
	 * @param calls how many choices
	 * @return the chosen instances' ids, {@code null} where there was none
	 */
	public List<@Nullable String> choices(ApplicationContext application, String service, int calls) {
		return SpringApps.choices(this, application, service, calls, DEFAULT_WAIT);
	}

	/**
	 * Undoes what the test kit did since {@link #mark()}: deregisters and stops the fakes registered since, puts
	 * instances it took out of service back {@code UP}, and renews the leases it stopped renewing. The clock stays
	 * where it is.
	 * @param mark a value of {@link #mark()}
	 */
	void resetTo(long mark) {
		this.changes.undoSince(mark);
	}

	/** Where {@link #resetTo(long)} would go back to. */
	long mark() {
		return this.changes.mark();
	}

	void register(FakeInstance fake, InstanceRegistration registration) {
		this.changes.register(fake, registration);
	}

	void stopRenewing(String service, String instanceId) {
		this.changes.stopRenewing(service, instanceId);
	}

	/** Stops the registry, unless it is shared by {@link EmbeddedRegistry} tests (which it then outlives). */
	@Override
	public void close() {
		if (!this.shared) {
			resetTo(0);
			this.server.close();
		}
	}

	@Override
	public String toString() {
		return "TestRegistry at " + url() + " (clock " + now() + ")";
	}

}
