package dev.discovery.client.watch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

import dev.discovery.client.serviceregistry.Backoff;
import dev.discovery.protocol.WatchChange;
import dev.discovery.protocol.WatchEvents;
import dev.discovery.protocol.WatchSnapshot;

/**
 * Holds one watch stream to the registry for the services this application has asked for, and feeds the
 * {@link RegistryView} from it on one daemon thread. On any end of the stream it reconnects, trying the registry
 * URLs in turn with back-off, and sends the last index it saw so the registry replays only what was missed (or sends
 * a fresh snapshot when it cannot). While no registry answers, the view keeps its last known good state.
 */
public class RegistryWatch implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RegistryWatch.class);

	private final List<URI> urls;

	private final HttpClient http;

	private final @Nullable String token;

	private final RegistryView view;

	private final Backoff backoff;

	private final Duration idleTimeout;

	/** Lenient: a newer registry may add fields, or leave out ones this client knows. */
	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final Set<String> services = ConcurrentHashMap.newKeySet();

	private final Object monitor = new Object();

	private volatile @Nullable InputStream stream;

	private volatile boolean connected;

	private volatile boolean needSnapshot = true;

	/** Set when the stream is closed on purpose to take in a new service: not a failure. */
	private volatile boolean resubscribing;

	private volatile long lastReadNanos = System.nanoTime();

	private volatile @Nullable String lastError;

	private volatile boolean running;

	private @Nullable Thread thread;

	private @Nullable ScheduledExecutorService idleChecker;

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
		this.urls = List.copyOf(urls);
		this.http = http;
		this.token = token;
		this.view = view;
		this.backoff = backoff;
		this.idleTimeout = idleTimeout;
	}

	/**
	 * Adds a service to the watched ones; the stream reconnects to include it.
	 * @param service the service name
	 * @return {@code true} if it was not watched before
	 */
	public boolean subscribe(String service) {
		if (!this.services.add(service)) {
			return false;
		}
		this.needSnapshot = true;
		this.resubscribing = true;
		closeStream();
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
		return true;
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
		return Set.copyOf(this.services);
	}

	@Override
	public void start() {
		this.running = true;
		Thread watcher = new Thread(this::run, "discovery-watch");
		watcher.setDaemon(true);
		this.thread = watcher;
		watcher.start();
		ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread idle = new Thread(task, "discovery-watch-idle");
			idle.setDaemon(true);
			return idle;
		});
		long period = Math.max(100, this.idleTimeout.toMillis() / 3);
		checker.scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
		this.idleChecker = checker;
	}

	@Override
	public void stop() {
		this.running = false;
		closeStream();
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
		Thread watcher = this.thread;
		if (watcher != null) {
			watcher.interrupt();
		}
		ScheduledExecutorService checker = this.idleChecker;
		if (checker != null) {
			checker.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		int failures = 0;
		while (this.running) {
			try {
				awaitSubscription();
				failures = attempt(this.urls.get(failures % this.urls.size())) ? 0 : failures + 1;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (failures > 0 && !this.resubscribing) {
				pause(this.backoff.delay(failures));
			}
			this.resubscribing = false;
		}
	}

	/** Watches one registry until the stream ends; {@code false} if it failed (not closed to resubscribe). */
	private boolean attempt(URI url) throws InterruptedException {
		if (!this.running) {
			return true;
		}
		try {
			watch(url);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			if (this.resubscribing) {
				return true;
			}
			this.lastError = "Registry " + url + ": " + ex.getMessage();
			logger.debug("Watch of " + url + " failed; retrying", ex);
			return false;
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

	private void watch(URI url) throws IOException, InterruptedException {
		Long lastEventId = (!this.needSnapshot && this.view.index() > 0) ? this.view.index() : null;
		HttpResponse<InputStream> response = this.http.send(
				WatchRequests.open(url, this.services, lastEventId, this.token),
				HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			response.body().close();
			throw new IOException("watch answered HTTP " + response.statusCode());
		}
		this.stream = response.body();
		this.connected = true;
		logger.info("Watching " + this.services + " at " + url);
		this.lastError = null;
		this.needSnapshot = false;
		WatchRequests.read(response.body(), () -> this.running, () -> this.lastReadNanos = System.nanoTime(),
				this::handle);
	}

	private void handle(SseEvent event) {
		switch (event.name()) {
			case WatchEvents.SNAPSHOT -> this.view.apply(this.mapper.readValue(event.data(), WatchSnapshot.class));
			case WatchEvents.CHANGE -> this.view.apply(this.mapper.readValue(event.data(), WatchChange.class));
			case WatchEvents.RESYNC -> logger.info("Registry asked this watcher to resync; reconnecting");
			default -> {
			}
		}
	}

	/** Closes a stream that has been silent for longer than the idle timeout; called periodically. */
	public void checkIdle() {
		if (this.connected && System.nanoTime() - this.lastReadNanos > this.idleTimeout.toNanos()) {
			this.lastError = "watch stream silent for more than " + this.idleTimeout;
			closeStream();
		}
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
