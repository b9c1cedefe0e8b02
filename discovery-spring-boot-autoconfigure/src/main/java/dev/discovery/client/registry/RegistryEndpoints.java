package dev.discovery.client.registry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * The registry URLs in order of preference. Requests go to the URL that last worked; after a fail-over, the first
 * URL is tried again once {@code failbackAfter} has passed, so the client returns to it when it is back.
 */
public final class RegistryEndpoints {

	private static final Log logger = LogFactory.getLog(RegistryEndpoints.class);

	private final List<URI> urls;

	private final Duration failbackAfter;

	private final Clock clock;

	private int current;

	private Instant primaryLastTried;

	/**
	 * Creates the endpoints.
	 * @param urls the registry URLs, most preferred first
	 * @param failbackAfter how long to stay on a fallback URL before trying the first one again
	 * @param clock the clock
	 */
	public RegistryEndpoints(List<URI> urls, Duration failbackAfter, Clock clock) {
		Assert.notEmpty(urls, "At least one registry URL is required (discovery.registry.url)");
		this.urls = List.copyOf(urls);
		this.failbackAfter = failbackAfter;
		this.clock = clock;
		this.primaryLastTried = clock.instant();
	}

	/**
	 * All registry URLs, most preferred first.
	 * @return the URLs
	 */
	public List<URI> urls() {
		return this.urls;
	}

	/**
	 * The URL that served the last successful request (or the first URL).
	 * @return the current URL
	 */
	public synchronized URI current() {
		return this.urls.get(this.current);
	}

	/**
	 * The URLs to try for the next request, in order.
	 * @return every URL once, starting with the one to try first
	 */
	public synchronized List<URI> attemptOrder() {
		Instant now = this.clock.instant();
		int start = this.current;
		if (start != 0 && !now.isBefore(this.primaryLastTried.plus(this.failbackAfter))) {
			start = 0;
		}
		if (start == 0) {
			this.primaryLastTried = now;
		}
		List<URI> order = new ArrayList<>(this.urls.size());
		for (int i = 0; i < this.urls.size(); i++) {
			order.add(this.urls.get((start + i) % this.urls.size()));
		}
		return order;
	}

	/**
	 * Notes that a URL answered, so that the next request starts there.
	 * @param url the URL that answered
	 */
	public synchronized void answered(URI url) {
		int index = this.urls.indexOf(url);
		if (index >= 0 && index != this.current) {
			logger.info("Discovery registry requests now go to " + url + " (was " + current() + ")");
			this.current = index;
		}
	}

}
