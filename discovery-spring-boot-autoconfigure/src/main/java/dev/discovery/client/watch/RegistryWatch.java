package dev.discovery.client.watch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import dev.discovery.client.registry.RegistryAccess;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryTokenSupplier;
import dev.discovery.client.serviceregistry.Backoff;
import dev.discovery.client.watch.WatchRequests.Resume;
import dev.discovery.protocol.Headers;
import dev.discovery.protocol.WatchChange;
import dev.discovery.protocol.WatchEvents;
import dev.discovery.protocol.WatchSnapshot;

/**
 * Holds one watch stream to the registry for the services this application asks for, and feeds the
 * {@link RegistryView} from it on one daemon thread. On any end of the stream it reconnects, trying the registry
 * URLs in turn with back-off, and sends the last index it saw with its epoch, so the registry replays only what was
 * missed (or sends a fresh snapshot when it cannot, or when it is another registry). While no registry answers, the
 * view keeps its last known good state.
 * <p>
 * Every subscription reaches the stream: the stream is rebuilt from the current set whenever the set changes, also
 * while a connection is being opened. Services not looked up for {@code forgetAfter} are dropped from the watch. It
 * stops after the web server's graceful shutdown, so requests still draining call on a live view.
 */
public class RegistryWatch implements SmartLifecycle {

	/** After the web server's graceful shutdown has drained, before the server stops. */
	public static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 512;

	private static final Log logger = LogFactory.getLog(RegistryWatch.class);

	private final List<URI> urls;

	private final HttpClient http;

	private final RegistryTokenSupplier tokens;

	private final RegistryView view;

	private final Backoff backoff;

	private final Duration idleTimeout;

	/** Lenient: a newer registry may add fields, or leave out ones this client knows. */
	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	/** The watched services, with when each was last looked up (monotonic nanos). */
	private final Map<String, Long> services = new ConcurrentHashMap<>();

	/** Moves whenever the set of services changes: a stream opened for an older set is rebuilt. */
	private final AtomicLong generation = new AtomicLong();

	private final Object monitor = new Object();

	private volatile Duration forgetAfter = Duration.ofMinutes(10);

	private volatile RegistryAccess access = new RegistryAccess();

	/** The name sent in {@code X-Discovery-Watcher}, or {@code null} to not acknowledge. */
	private volatile @Nullable String watcherName;

	private final WatchAcknowledger acknowledger;

	/** The services the view has a snapshot of; a stream may resume only when it asks for no other. */
	private volatile Set<String> snapshotted = Set.of();

	/** Set when the registry refused the list of names as too long: watch every service instead. */
	private volatile boolean watchAll;

	private volatile @Nullable InputStream stream;

	private volatile boolean connected;

	private volatile long lastReadNanos = System.nanoTime();

	private volatile @Nullable String lastError;

	private volatile boolean running;

	private @Nullable Thread thread;

	private @Nullable ScheduledExecutorService housekeeping;

	/**
	 * Creates a watch; nothing connects before {@link #start()} and the first {@link #subscribe(String)}.
	 * @param urls the registry URLs, most preferred first
	 * @param http the HTTP client (carrying the TLS settings)
	 * @param token the bearer token, or {@code null}
	 * @param view the view to feed
	 * @param backoff the delay between reconnection attempts
	 * @param idleTimeout how long a silent stream (no event, no heartbeat) is trusted before reconnecting
	 */
	public RegistryWatch(List<URI> urls, HttpClient http, @Nullable String token, RegistryView view, Backoff backoff,
			Duration idleTimeout) {
		this(urls, http, RegistryTokenSupplier.of(token), view, backoff, idleTimeout);
	}

	/**
	 * Creates a watch with a token that may change; nothing connects before {@link #start()} and the first
	 * {@link #subscribe(String)}.
	 * @param urls the registry URLs, most preferred first
	 * @param http the HTTP client (carrying the TLS settings)
	 * @param tokens asked for the bearer token each time a stream is opened
	 * @param view the view to feed
	 * @param backoff the delay between reconnection attempts
	 * @param idleTimeout how long a silent stream (no event, no heartbeat) is trusted before reconnecting
	 */
	public RegistryWatch(List<URI> urls, HttpClient http, RegistryTokenSupplier tokens, RegistryView view,
			Backoff backoff, Duration idleTimeout) {
		this.urls = List.copyOf(urls);
		this.http = http;
		this.tokens = tokens;
		this.view = view;
		this.backoff = backoff;
		this.idleTimeout = idleTimeout;
		this.acknowledger = new WatchAcknowledger(http, tokens, Duration.ofSeconds(1));
	}

	/**
	 * Acknowledges every index the view applies, so the registry measures time to truth and tells a stopping
	 * instance when its removal was applied; {@code null} (the default) does not.
	 * @param watcherName the name the registry shows for this watcher, such as {@code order-service/order-1}
	 */
	public void setWatcherName(@Nullable String watcherName) {
		this.watcherName = watcherName;
	}

	/**
	 * Sets how often at most the applied index is acknowledged (removals are acknowledged at once).
	 * @param interval the shortest time between two acknowledgements
	 */
	public void setAcknowledgeInterval(Duration interval) {
		this.acknowledger.interval(interval);
	}

	/**
	 * Sets how long a service may go without a lookup before it is dropped from the watch.
	 * @param forgetAfter the time; zero or negative never forgets
	 */
	public void setForgetAfter(Duration forgetAfter) {
		this.forgetAfter = forgetAfter;
	}

	/**
	 * Shares where refusals of the token are reported (the registry client's), for the health indicator.
	 * @param access the access record
	 */
	public void setAccess(RegistryAccess access) {
		this.access = access;
	}

	/**
	 * Adds a service to the watched ones, or notes that it was looked up again; the stream is rebuilt to include a
	 * new one.
	 * @param service the service name
	 * @return {@code true} if it was not watched before
	 */
	public boolean subscribe(String service) {
		boolean added = this.services.put(service, System.nanoTime()) == null;
		if (added) {
			changed();
		}
		return added;
	}

	/**
	 * Notes that a watched service was looked up, so it is not forgotten.
	 * @param service the service name
	 */
	public void touch(String service) {
		this.services.replace(service, System.nanoTime());
	}

	/**
	 * Drops a service from the watch and from the view; a later lookup subscribes again.
	 * @param service the service name
	 * @return {@code true} if it was watched
	 */
	public boolean unsubscribe(String service) {
		boolean removed = this.services.remove(service) != null;
		if (removed) {
			this.view.remove(service);
			changed();
		}
		return removed;
	}

	/** Whether the stream is open now. */
	public boolean isConnected() {
		return this.connected;
	}

	/** Why the last attempt to watch failed, or {@code null}. */
	public @Nullable String lastError() {
		return this.lastError;
	}

	/** The services watched. */
	public Set<String> services() {
		return Set.copyOf(this.services.keySet());
	}

	@Override
	public void start() {
		this.running = true;
		Thread watcher = new Thread(this::run, "discovery-watch");
		watcher.setDaemon(true);
		this.thread = watcher;
		watcher.start();
		ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread idle = new Thread(task, "discovery-watch-housekeeping");
			idle.setDaemon(true);
			return idle;
		});
		long period = Math.max(100, Math.min(1000, this.idleTimeout.toMillis() / 3));
		checker.scheduleWithFixedDelay(this::housekeeping, period, period, TimeUnit.MILLISECONDS);
		this.housekeeping = checker;
	}

	@Override
	public void stop() {
		this.running = false;
		this.acknowledger.stop();
		closeStream();
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
		Thread watcher = this.thread;
		if (watcher != null) {
			watcher.interrupt();
		}
		ScheduledExecutorService checker = this.housekeeping;
		if (checker != null) {
			checker.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void changed() {
		this.generation.incrementAndGet();
		closeStream();
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	private void run() {
		int failures = 0;
		while (this.running) {
			try {
				awaitSubscription();
				long generation = this.generation.get();
				Duration pause = attempt(this.urls.get(failures % this.urls.size()), generation);
				failures = (pause == null) ? 0 : failures + 1;
				if (pause != null && generation == this.generation.get()) {
					pause(pause.isZero() ? this.backoff.delay(failures) : pause);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Throwable ex) {
				// Nothing may end the loop but stop(): log it and go on after a pause.
				logger.warn("Watch loop failed; going on", ex);
				failures++;
				pause(this.backoff.delay(failures));
			}
		}
	}

	/**
	 * Watches one registry until the stream ends.
	 * @return {@code null} if it ended normally or was closed to take in another set of services; else how long to
	 * wait before the next attempt ({@link Duration#ZERO} for the usual back-off)
	 */
	private @Nullable Duration attempt(URI url, long generation) throws InterruptedException {
		if (!this.running) {
			return null;
		}
		try {
			watch(url, generation);
			return null;
		}
		catch (RegistryException ex) {
			this.lastError = ex.getMessage();
			if (ex.isAuthorizationFailure()) {
				this.access.refused("watch", ex);
				return this.backoff.max();
			}
			return Duration.ZERO;
		}
		catch (IOException | RuntimeException ex) {
			if (generation != this.generation.get() || !this.running) {
				return null;
			}
			this.lastError = "Registry " + url + ": " + ex.getMessage();
			logger.debug("Watch of " + url + " failed; retrying", ex);
			return Duration.ZERO;
		}
		finally {
			this.connected = false;
		}
	}

	private void awaitSubscription() throws InterruptedException {
		synchronized (this.monitor) {
			while (this.running && this.services.isEmpty()) {
				this.monitor.wait();
			}
		}
	}

	private void watch(URI url, long generation) throws IOException, InterruptedException {
		Set<String> asked = this.watchAll ? WatchRequests.ALL : Set.copyOf(this.services.keySet());
		String epoch = this.view.epoch();
		boolean resumes = epoch != null && this.view.index() > 0 && this.snapshotted.containsAll(asked);
		Resume resume = resumes ? new Resume(this.view.index(), epoch) : null;
		HttpResponse<InputStream> response = this.http.send(
				WatchRequests.open(url, asked, resume, this.tokens.token(), this.idleTimeout, this.watcherName),
				HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			response.body().close();
			refused(url, response.statusCode());
		}
		this.stream = response.body();
		if (generation != this.generation.get()) {
			// The set changed while this stream was being opened: rebuild it from the current set.
			closeStream();
			return;
		}
		String answeredEpoch = response.headers().firstValue(Headers.EPOCH).orElse(null);
		if (resume != null && !resume.epoch().equals(answeredEpoch)) {
			// Another index space: what it would replay means nothing here. Start over with a snapshot.
			this.snapshotted = Set.of();
			closeStream();
			logger.info("Registry " + url + " has another epoch (" + answeredEpoch + "); taking a fresh snapshot");
			return;
		}
		this.acknowledger.stream(url, response.headers().firstValue(Headers.WATCH_ID).orElse(null));
		this.connected = true;
		this.lastError = null;
		this.access.allowed("watch");
		logger.info("Watching " + (this.watchAll ? "every service" : asked.size() + " services") + " at " + url);
		WatchRequests.read(response.body(), () -> this.running && generation == this.generation.get(),
				() -> this.lastReadNanos = System.nanoTime(), (event) -> handle(event, asked));
	}

	private void refused(URI url, int status) {
		if (status == 413 && !this.watchAll) {
			logger.info("Registry " + url + " refused " + this.services.size() + " service names as too many for one "
					+ "request; watching every service instead");
			this.watchAll = true;
			this.snapshotted = Set.of();
			throw new IllegalStateException("watch list too long (413); watching every service");
		}
		throw new RegistryException(url, status, null, "Registry " + url + " answered " + status + " to watch", null);
	}

	private void handle(SseEvent event, Set<String> asked) {
		switch (event.name()) {
			case WatchEvents.SNAPSHOT -> {
				this.view.apply(this.mapper.readValue(event.data(), WatchSnapshot.class));
				this.snapshotted = asked;
				this.acknowledger.applied(this.view.index(), false);
			}
			case WatchEvents.CHANGE -> {
				WatchChange change = this.mapper.readValue(event.data(), WatchChange.class);
				if (this.watchAll || this.services.containsKey(change.service())) {
					this.view.apply(change);
				}
				// A change to a service no longer watched is applied too: the view has nothing to do for it.
				this.acknowledger.applied(this.view.index(), !change.passing());
			}
			case WatchEvents.RESYNC -> logger.info("Registry asked this watcher to resync; reconnecting");
			default -> {
			}
		}
	}

	/** Periodic: close a silent stream, release held instances whose time is up, forget unused services. */
	private void housekeeping() {
		try {
			checkIdle();
			this.view.expireHeld();
			forgetUnused();
		}
		catch (Throwable ex) {
			logger.warn("Watch housekeeping failed; going on", ex);
		}
	}

	/** Closes a stream that has been silent for longer than the idle timeout; called periodically. */
	public void checkIdle() {
		if (this.connected && System.nanoTime() - this.lastReadNanos > this.idleTimeout.toNanos()) {
			this.lastError = "watch stream silent for more than " + this.idleTimeout;
			closeStream();
		}
	}

	private void forgetUnused() {
		Duration after = this.forgetAfter;
		if (after.isZero() || after.isNegative()) {
			return;
		}
		long now = System.nanoTime();
		this.services.forEach((service, lastUsed) -> {
			if (now - lastUsed > after.toNanos() && this.services.remove(service, lastUsed)) {
				logger.info("No longer watching " + service + ": not looked up for " + after);
				this.view.remove(service);
				changed();
			}
		});
	}

	private void closeStream() {
		InputStream current = this.stream;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				// closing only to make the reader return
			}
		}
	}

	private void pause(Duration delay) {
		synchronized (this.monitor) {
			try {
				if (this.running) {
					this.monitor.wait(Math.max(1, delay.toMillis()));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
		}
	}

}
