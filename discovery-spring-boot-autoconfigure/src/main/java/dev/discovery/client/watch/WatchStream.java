package dev.discovery.client.watch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

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
 * The watch stream to one registry at a time: opens it for the subscribed services, resuming from the view's index
 * and epoch where it can, feeds the view from its events and acknowledges what was applied, and tells the watch's
 * loop how long to wait when it ends.
 */
final class WatchStream {

	private static final Log logger = LogFactory.getLog(RegistryWatch.class);

	private final HttpClient http;

	private final RegistryTokenSupplier tokens;

	private final RegistryView view;

	private final Backoff backoff;

	private final Duration idleTimeout;

	private final WatchSubscriptions subscriptions;

	private final WatchAcknowledger acknowledger;

	private final BooleanSupplier running;

	/** Lenient: a newer registry may add fields, or leave out ones this client knows. */
	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private volatile RegistryAccess access = new RegistryAccess();

	/** The name sent in {@code X-Discovery-Watcher}, or {@code null} to not acknowledge. */
	private volatile @Nullable String watcherName;

	/** The services the view has a snapshot of; a stream may resume only when it asks for no other. */
	private volatile Set<String> snapshotted = Set.of();

	/** Set when the registry refused the list of names as too long: watch every service instead. */
	private volatile boolean watchAll;

	private volatile @Nullable InputStream stream;

	private volatile boolean connected;

	private volatile long lastReadNanos = System.nanoTime();

	private volatile @Nullable String lastError;

	WatchStream(HttpClient http, RegistryTokenSupplier tokens, RegistryView view, Backoff backoff,
			Duration idleTimeout, WatchSubscriptions subscriptions, WatchAcknowledger acknowledger,
			BooleanSupplier running) {
		this.http = http;
		this.tokens = tokens;
		this.view = view;
		this.backoff = backoff;
		this.idleTimeout = idleTimeout;
		this.subscriptions = subscriptions;
		this.acknowledger = acknowledger;
		this.running = running;
	}

	void access(RegistryAccess access) {
		this.access = access;
	}

	void watcherName(@Nullable String watcherName) {
		this.watcherName = watcherName;
	}

	boolean connected() {
		return this.connected;
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * Watches one registry until the stream ends.
	 * @return {@code null} if it ended normally or was closed to take in another set of services; else how long to
	 * wait before the next attempt ({@link Duration#ZERO} for the usual back-off)
	 */
	@Nullable Duration attempt(URI url, long generation) throws InterruptedException {
		if (!this.running.getAsBoolean()) {
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
			if (generation != this.subscriptions.generation() || !this.running.getAsBoolean()) {
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

	private void watch(URI url, long generation) throws IOException, InterruptedException {
		Set<String> asked = this.watchAll ? WatchRequests.ALL : this.subscriptions.names();
		String epoch = this.view.epoch();
		// A service dropped from the watch (not looked up for forget-after) left the view; watched again, it needs a
		// snapshot: resuming replays only the changes since, and would lose the instances registered before.
		boolean resumes = epoch != null && this.view.index() > 0 && this.snapshotted.containsAll(asked)
				&& this.subscriptions.names().stream().allMatch((service) -> this.view.instances(service) != null);
		Resume resume = resumes ? new Resume(this.view.index(), epoch) : null;
		HttpResponse<InputStream> response = this.http.send(
				WatchRequests.open(url, asked, resume, this.tokens.token(), this.idleTimeout, this.watcherName),
				HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			response.body().close();
			refused(url, response.statusCode());
		}
		this.stream = response.body();
		if (generation != this.subscriptions.generation()) {
			// The set changed while this stream was being opened: rebuild it from the current set.
			close();
			return;
		}
		String answeredEpoch = response.headers().firstValue(Headers.EPOCH).orElse(null);
		if (resume != null && !resume.epoch().equals(answeredEpoch)) {
			// Another index space: what it would replay means nothing here. Start over with a snapshot.
			this.snapshotted = Set.of();
			close();
			logger.info("Registry " + url + " has another epoch (" + answeredEpoch + "); taking a fresh snapshot");
			return;
		}
		this.acknowledger.stream(url, response.headers().firstValue(Headers.WATCH_ID).orElse(null));
		this.connected = true;
		this.lastError = null;
		this.access.allowed("watch");
		logger.info("Watching " + (this.watchAll ? "every service" : asked.size() + " services") + " at " + url);
		WatchRequests.read(response.body(),
				() -> this.running.getAsBoolean() && generation == this.subscriptions.generation(),
				() -> this.lastReadNanos = System.nanoTime(), (event) -> handle(event, asked));
	}

	private void refused(URI url, int status) {
		if (status == 413 && !this.watchAll) {
			logger.info("Registry " + url + " refused " + this.subscriptions.size() + " service names as too many for "
					+ "one request; watching every service instead");
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
				if (this.watchAll || this.subscriptions.contains(change.service())) {
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

	/** Closes a stream that has been silent for longer than the idle timeout. */
	void checkIdle() {
		if (this.connected && System.nanoTime() - this.lastReadNanos > this.idleTimeout.toNanos()) {
			this.lastError = "watch stream silent for more than " + this.idleTimeout;
			close();
		}
	}

	/** Closes the stream, if one is open, so its reader returns. */
	void close() {
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

}
