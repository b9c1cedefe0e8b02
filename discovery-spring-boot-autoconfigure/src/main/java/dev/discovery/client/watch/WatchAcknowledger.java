package dev.discovery.client.watch;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.client.registry.RegistryTokenSupplier;

/**
 * Tells the registry which index this application's view has applied, so it can measure how long each change takes
 * to reach every caller (time to truth) and tell a stopping instance when its removal was applied. Batched: at most
 * one acknowledgement is in flight per stream and the newest index replaces any waiting one, so a burst of changes
 * costs one or two requests. They go on the watch's HTTP client, which keeps its connection to the registry open
 * between them. Each says how long ago the view applied that index, so a queued acknowledgement does not count
 * as delay.
 */
final class WatchAcknowledger {

	private static final Log logger = LogFactory.getLog(WatchAcknowledger.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient http;

	private final RegistryTokenSupplier tokens;

	private @Nullable URI target;

	private long wanted;

	private long wantedAtNanos;

	private long sent;

	private boolean inFlight;

	WatchAcknowledger(HttpClient http, RegistryTokenSupplier tokens) {
		this.http = http;
		this.tokens = tokens;
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
		this.sent = 0;
		this.wanted = 0;
	}

	/**
	 * The view has applied everything up to {@code index}.
	 * @param index the view's index
	 */
	void applied(long index) {
		synchronized (this) {
			if (index <= this.wanted || this.target == null) {
				return;
			}
			this.wanted = index;
			this.wantedAtNanos = System.nanoTime();
			if (this.inFlight) {
				return;
			}
			this.inFlight = true;
		}
		send();
	}

	private void send() {
		URI uri;
		long index;
		long heldMillis;
		synchronized (this) {
			if (this.target == null || this.wanted <= this.sent) {
				this.inFlight = false;
				return;
			}
			index = this.wanted;
			heldMillis = Duration.ofNanos(System.nanoTime() - this.wantedAtNanos).toMillis();
			uri = URI.create(this.target + "?index=" + index + "&held=" + heldMillis + "ms");
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(TIMEOUT)
			.PUT(HttpRequest.BodyPublishers.noBody());
		String token = this.tokens.token();
		if (token != null && !token.isBlank()) {
			request.header("Authorization", "Bearer " + token.trim());
		}
		URI sentTo = uri;
		this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, ex) -> done(sentTo, index, (response != null) ? response.statusCode() : 0, ex));
	}

	private void done(URI uri, long index, int status, @Nullable Throwable ex) {
		synchronized (this) {
			if (ex != null || status >= 300) {
				if (logger.isDebugEnabled()) {
					logger.debug("Acknowledgement " + uri + " failed: " + ((ex != null) ? ex : "status " + status));
				}
				if (status == 404 || status == 401 || status == 403) {
					// The stream ended or the registry does not take them: wait for the next stream's id.
					this.target = null;
				}
			}
			this.sent = Math.max(this.sent, index);
		}
		send();
	}

	/** The last index sent, for tests and diagnostics. */
	synchronized long sent() {
		return this.sent;
	}

}
