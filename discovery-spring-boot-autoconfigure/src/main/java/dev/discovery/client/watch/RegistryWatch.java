package dev.discovery.client.watch;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import dev.discovery.client.registry.RegistryAccess;
import dev.discovery.client.registry.RegistryTokenSupplier;
import dev.discovery.client.serviceregistry.Backoff;

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
 * <p>
 * This class runs the loop; {@link WatchSubscriptions} keeps the set of services, {@link WatchStream} the stream.
 */
public class RegistryWatch implements SmartLifecycle {

	/** After the web server's graceful shutdown has drained, before the server stops. */
	public static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 512;

	private static final Log logger = LogFactory.getLog(RegistryWatch.class);

	private final List<URI> urls;

	private final RegistryView view;

	private final Backoff backoff;

	private final Duration idleTimeout;

	private final Object monitor = new Object();

	private final WatchAcknowledger acknowledger;

	private final WatchSubscriptions subscriptions;

	private final WatchStream stream;

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
		this.view = view;
		this.backoff = backoff;
		this.idleTimeout = idleTimeout;
		this.acknowledger = new WatchAcknowledger(http, tokens, Duration.ofSeconds(1));
		this.subscriptions = new WatchSubscriptions(view, this::changed);
		this.stream = new WatchStream(http, tokens, view, backoff, idleTimeout, this.subscriptions, this.acknowledger,
				() -> this.running);
	}

	/**
	 * Acknowledges every index the view applies, so the registry measures time to truth and tells a stopping
	 * instance when its removal was applied; {@code null} (the default) does not.
	 * @param watcherName the name the registry shows for this watcher, such as {@code order-service/order-1}
	 */
	public void setWatcherName(@Nullable String watcherName) {
		this.stream.watcherName(watcherName);
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
		this.subscriptions.forgetAfter(forgetAfter);
	}

	/**
	 * Shares where refusals of the token are reported (the registry client's), for the health indicator.
	 * @param access the access record
	 */
	public void setAccess(RegistryAccess access) {
		this.stream.access(access);
	}

	/**
	 * Adds a service to the watched ones, or notes that it was looked up again; the stream is rebuilt to include a
	 * new one.
	 * @param service the service name
	 * @return {@code true} if it was not watched before
	 */
	public boolean subscribe(String service) {
		return this.subscriptions.add(service);
	}

	/**
	 * Notes that a watched service was looked up, so it is not forgotten.
	 * @param service the service name
	 */
	public void touch(String service) {
		this.subscriptions.touch(service);
	}

	/**
	 * Drops a service from the watch and from the view; a later lookup subscribes again.
	 * @param service the service name
	 * @return {@code true} if it was watched
	 */
	public boolean unsubscribe(String service) {
		return this.subscriptions.remove(service);
	}

	/** Whether the stream is open now. */
	public boolean isConnected() {
		return this.stream.connected();
	}

	/** Why the last attempt to watch failed, or {@code null}. */
	public @Nullable String lastError() {
		return this.stream.lastError();
	}

	/** The services watched. */
	public Set<String> services() {
		return this.subscriptions.names();
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
		this.stream.close();
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

	/** The set of services changed: the stream is rebuilt from the current set. */
	private void changed() {
		this.stream.close();
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	private void run() {
		int failures = 0;
		while (this.running) {
			try {
				awaitSubscription();
				long generation = this.subscriptions.generation();
				Duration pause = this.stream.attempt(this.urls.get(failures % this.urls.size()), generation);
				failures = (pause == null) ? 0 : failures + 1;
				if (pause != null && generation == this.subscriptions.generation()) {
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

	private void awaitSubscription() throws InterruptedException {
		synchronized (this.monitor) {
			while (this.running && this.subscriptions.isEmpty()) {
				this.monitor.wait();
			}
		}
	}

	/** Periodic: close a silent stream, release held instances whose time is up, forget unused services. */
	private void housekeeping() {
		try {
			checkIdle();
			this.view.expireHeld();
			this.subscriptions.forgetUnused();
		}
		catch (Throwable ex) {
			logger.warn("Watch housekeeping failed; going on", ex);
		}
	}

	/** Closes a stream that has been silent for longer than the idle timeout; called periodically. */
	public void checkIdle() {
		this.stream.checkIdle();
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
