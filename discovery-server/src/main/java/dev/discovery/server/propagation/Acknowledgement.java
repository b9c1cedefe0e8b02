package dev.discovery.server.propagation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;

/**
 * One acknowledgement: the indexes a watcher applied since its last one, each with how long ago. The query is
 * {@code index=N[&held=D][&earlier=M:D,...]}: {@code N} the newest index applied, {@code held} how long ago (default
 * 0), {@code earlier} older indexes of the same batch with theirs, so each change is timed by its own application.
 *
 * @param applied the indexes with their delays, oldest first
 */
record Acknowledgement(List<Applied> applied) {

	/** Most earlier indexes one acknowledgement may carry. */
	static final int MAX_EARLIER = 64;

	/**
	 * Reads the query parameters.
	 * @throws IllegalArgumentException with a message for people if they are not valid
	 */
	static Acknowledgement parse(@Nullable String index, @Nullable String held, @Nullable String earlier,
			Duration maxHeld) {
		List<Applied> applied = new ArrayList<>();
		applied.add(new Applied(index("index", index), delay("held", held, maxHeld)));
		if (earlier != null && !earlier.isBlank()) {
			String[] pairs = earlier.split(",");
			if (pairs.length > MAX_EARLIER) {
				throw new IllegalArgumentException("Query parameter 'earlier' takes at most " + MAX_EARLIER
						+ " index:held pairs");
			}
			for (String pair : pairs) {
				int colon = pair.indexOf(':');
				if (colon <= 0) {
					throw new IllegalArgumentException("Query parameter 'earlier' takes index:held pairs such as "
							+ "41:120ms, not '" + pair + "'");
				}
				applied.add(new Applied(index("earlier", pair.substring(0, colon)),
						delay("earlier", pair.substring(colon + 1), maxHeld)));
			}
		}
		applied.sort(Comparator.comparingLong(Applied::index));
		return new Acknowledgement(List.copyOf(applied));
	}

	private static long index(String name, @Nullable String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("Query parameter '" + name + "' needs a registry index");
		}
		try {
			long index = Long.parseLong(text.trim());
			if (index < 0) {
				throw new IllegalArgumentException("Query parameter '" + name + "' must not be negative");
			}
			return index;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Query parameter '" + name + "' must be a registry index, not '"
					+ text + "'");
		}
	}

	private static Duration delay(String name, @Nullable String text, Duration max) {
		if (text == null || text.isBlank()) {
			return Duration.ZERO;
		}
		Duration delay = Durations.parse(text.trim());
		if (delay.isNegative() || delay.compareTo(max) > 0) {
			throw new IllegalArgumentException("Query parameter '" + name + "': a held time must be between 0 and "
					+ Durations.format(max));
		}
		return delay;
	}

	/**
	 * An index applied some time ago.
	 *
	 * @param index the index
	 * @param held how long before the acknowledgement was sent
	 */
	record Applied(long index, Duration held) {
	}

}
