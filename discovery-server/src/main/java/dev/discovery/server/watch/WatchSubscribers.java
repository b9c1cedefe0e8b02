package dev.discovery.server.watch;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Hears of watch streams opening and ending, so the time until every subscriber applied a change can be measured.
 * A watcher that sent {@code X-Discovery-Watcher} acknowledges what it applies; others (browsers, older clients)
 * are only counted. Called on request and container threads; must return quickly.
 */
public interface WatchSubscribers {

	/**
	 * A stream opened.
	 * @param services the services it watches; empty for every service
	 * @param startIndex the index its view starts from (the snapshot's, or the one it resumed from)
	 * @param watcher the name the watcher gave, or {@code null} if it does not acknowledge
	 * @param address the watcher's address
	 * @return the stream's secret id; an acknowledging watcher is told it and acknowledges with it
	 */
	String opened(Set<String> services, long startIndex, @Nullable String watcher, String address);

	/**
	 * The stream ended.
	 * @param id the id {@link #opened} gave it
	 */
	void closed(String id);

}
