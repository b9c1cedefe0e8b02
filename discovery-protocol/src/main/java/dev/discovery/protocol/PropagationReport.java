package dev.discovery.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/services/{service}/propagation}: how long the service's changes took to be
 * applied by every subscribed client (time to truth), and which subscribers lag.
 *
 * @param service the service
 * @param index the service's last change index
 * @param subscribers the watch streams of the service that acknowledge what they apply
 * @param unacknowledged the watch streams of the service that do not acknowledge (browsers, older clients)
 * @param timeToTruth the distribution over the sliding window
 * @param lagging the subscribers behind for longer than the lag threshold, the longest behind first
 */
public record PropagationReport(String service, long index, int subscribers, int unacknowledged,
		TimeToTruth timeToTruth, List<Lagger> lagging) {

	/**
	 * Time from a change being committed to the last subscribed client applying it, over the sliding window.
	 * Changes some subscriber has not applied yet count with their age so far, so a stalled client raises the
	 * figures instead of vanishing from them.
	 *
	 * @param window the sliding window (wire duration)
	 * @param changes the changes counted: completed and still open
	 * @param open the changes some subscriber has not applied yet
	 * @param p50Millis the median, or {@code null} without changes
	 * @param p99Millis the 99th percentile, or {@code null} without changes
	 * @param maxMillis the maximum, or {@code null} without changes
	 */
	public record TimeToTruth(String window, int changes, int open, Double p50Millis,
			Double p99Millis, Double maxMillis) {
	}

	/**
	 * A subscriber whose view is behind the service's last change.
	 *
	 * @param watcher the name the watcher gave (or {@code anonymous}) and a sequence number, {@code name#n}
	 * @param address the watcher's address
	 * @param appliedIndex the last index it acknowledged
	 * @param behind how many indexes it is behind the service's last change
	 * @param since when the oldest change it has not applied was committed
	 * @param lagMillis how long that is
	 */
	public record Lagger(String watcher, String address, long appliedIndex, long behind, Instant since,
			long lagMillis) {
	}

}
