package dev.discovery.client.watch;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.client.registry.RegistryTokenSupplier;

/**
 * Tells the registry which indexes this application's view has applied, so it can measure how long each change takes
 * to reach every caller (time to truth) and tell a stopping instance when its removal was applied. Batched: at most
 * one acknowledgement per {@code interval} and never two in flight, each carrying every index applied since the last
 * with how long ago it was applied (so batching does not distort the figures); a removal is acknowledged at once,
 * since a stopping instance waits for it. They go on the watch's HTTP client, which keeps its connection to the
 * registry open between them.
 */
final class WatchAcknowledger {

	private static final Log logger = LogFactory.getLog(WatchAcknowledger.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** Indexes one acknowledgement carries at most; older ones count as applied with the next (later) one. */
	private static final int MAX_BATCH = 64;

	private final HttpClient http;

	private final RegistryTokenSupplier tokens;

	private volatile Duration interval;

	/** Applied indexes not yet sent, with when (nanos), oldest first. */
	private final ArrayDeque<long[]> unsent = new ArrayDeque<>();

	private @Nullable URI target;

	private long latest;

	private boolean inFlight;

	private boolean scheduled;

	private boolean urgent;

	private long lastSentNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

	private @Nullable ScheduledExecutorService timer;

	WatchAcknowledger(HttpClient http, RegistryTokenSupplier tokens, Duration interval) {
		this.http = http;
		this.tokens = tokens;
		this.interval = interval;
	}

	/**
	 * A stream opened: acknowledge on it from now on.
	 * @param registry the registry URL the stream is open to
	 * @param watchId the id the registry gave the stream, or {@code null} if it does not take acknowledgements
	 */
	synchronized void stream(URI registry, @Nullable String watchId) {
		String root = registry.toString().endsWith("/") ? registry.toString() : registry + "/";
		this.target = (watchId != null && !watchId.isBlank())
				? URI.create(root + "api/v1/watch/" + URLEncoder.encode(watchId.trim(), StandardCharsets.UTF_8)
						+ "/applied")
				: null;
		this.unsent.clear();
		this.latest = 0;
		this.urgent = false;
	}

	/**
	 * The view has applied everything up to {@code index}.
	 * @param index the view's index
	 * @param removal whether the change took an instance out of the view: acknowledged at once
	 */
	void applied(long index, boolean removal) {
		synchronized (this) {
			if (index <= this.latest || this.target == null) {
				return;
			}
			this.latest = index;
			if (this.unsent.size() == MAX_BATCH) {
				this.unsent.removeFirst();
			}
			this.unsent.addLast(new long[] { index, System.nanoTime() });
			this.urgent |= removal;
		}
		pump();
	}

	/** Sends what waits if it is due and nothing is in flight, or makes sure it is sent when due. */
	private void pump() {
		HttpRequest request;
		synchronized (this) {
			if (this.inFlight || this.unsent.isEmpty() || this.target == null) {
				return;
			}
			long now = System.nanoTime();
			long due = this.urgent ? now : this.lastSentNanos + this.interval.toNanos();
			if (due > now) {
				if (!this.scheduled) {
					this.scheduled = true;
					timer().schedule(this::fire, due - now, TimeUnit.NANOSECONDS);
				}
				return;
			}
			try {
				request = request(this.target, now);
			}
			catch (RuntimeException ex) {
				// A token supplier that throws, say: what waits stays, and the next applied index tries again.
				logger.debug("Could not build an acknowledgement", ex);
				return;
			}
			this.unsent.clear();
			this.urgent = false;
			this.inFlight = true;
			this.lastSentNanos = now;
		}
		try {
			this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, ex) -> done(request.uri(), (response != null) ? response.statusCode() : 0, ex));
		}
		catch (RuntimeException ex) {
			// A send that fails before it starts must not leave one "in flight" for ever: that would end them all.
			done(request.uri(), 0, ex);
		}
	}

	private HttpRequest request(URI target, long now) {
		long[] newest = this.unsent.peekLast();
		StringBuilder query = new StringBuilder("?index=").append(newest[0])
			.append("&held=")
			.append(millis(now - newest[1]))
			.append("ms");
		if (this.unsent.size() > 1) {
			query.append("&earlier=");
			this.unsent.stream().limit(this.unsent.size() - 1).forEach((applied) -> query.append(applied[0])
				.append(':')
				.append(millis(now - applied[1]))
				.append("ms,"));
			query.setLength(query.length() - 1);
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + query.toString()))
			.timeout(TIMEOUT)
			.PUT(HttpRequest.BodyPublishers.noBody());
		String token = this.tokens.token();
		if (token != null && !token.isBlank()) {
			request.header("Authorization", "Bearer " + token.trim());
		}
		return request.build();
	}

	private void fire() {
		synchronized (this) {
			this.scheduled = false;
		}
		pump();
	}

	private void done(URI uri, int status, @Nullable Throwable ex) {
		synchronized (this) {
			this.inFlight = false;
			if (ex != null || status >= 300) {
				if (logger.isDebugEnabled()) {
					logger.debug("Acknowledgement " + uri + " failed: " + ((ex != null) ? ex : "status " + status));
				}
				if (status == 404 || status == 401 || status == 403) {
					// The stream ended or the registry does not take them: wait for the next stream's id.
					this.target = null;
				}
			}
		}
		pump();
	}

	private synchronized ScheduledExecutorService timer() {
		if (this.timer == null) {
			this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "discovery-watch-acknowledgements");
				thread.setDaemon(true);
				return thread;
			});
		}
		return this.timer;
	}

	void interval(Duration interval) {
		this.interval = interval;
	}

	/** Stops the timer; nothing is sent after. */
	synchronized void stop() {
		this.target = null;
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
	}

	private static long millis(long nanos) {
		return Math.max(0, nanos / 1_000_000);
	}

}
