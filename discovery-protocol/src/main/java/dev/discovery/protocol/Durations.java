package dev.discovery.protocol;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of durations on the wire: a whole number and a unit ({@code 500ms}, {@code 15s}, {@code 2m},
 * {@code 1h}), as Consul and Spring Boot users write them. ISO-8601 ({@code PT15S}) is accepted too. Nothing longer
 * than {@link #MAX} parses, so every parsed duration converts to milliseconds and nanoseconds without overflow.
 */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

	/** The longest duration on the wire: 100 years, far below what {@link Duration#toNanos()} can hold. */
	public static final Duration MAX = Duration.ofDays(36_500);

	private Durations() {
	}

	/**
	 * Parses a duration.
	 * @param text the text form
	 * @return the duration
	 * @throws IllegalArgumentException if the text is not a non-negative duration in either form, or longer than
	 * {@link #MAX}
	 */
	public static Duration parse(String text) {
		Duration duration = parseAnySize(text);
		if (duration.compareTo(MAX) > 0) {
			throw new IllegalArgumentException(
					"'" + abbreviated(text) + "' is too long: at most " + format(MAX) + " (100 years)");
		}
		return duration;
	}

	private static String abbreviated(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

	private static Duration parseAnySize(String text) {
		String trimmed = text.trim().toLowerCase(java.util.Locale.ROOT);
		Matcher matcher = SIMPLE.matcher(trimmed);
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			};
		}
		try {
			Duration duration = Duration.parse(text.trim());
			if (!duration.isNegative()) {
				return duration;
			}
		}
		catch (DateTimeParseException ex) {
			// fall through to the error below, which names both accepted forms
		}
		throw new IllegalArgumentException("'" + abbreviated(text) + "' is not a duration: use a whole number and a unit"
				+ " (500ms, 15s, 2m, 1h) or ISO-8601 (PT15S)");
	}

	/**
	 * Formats a duration in the largest unit that represents it exactly.
	 * @param duration a non-negative duration
	 * @return the text form, for example {@code 15s}
	 */
	public static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 3_600_000 == 0 && millis > 0) {
			return millis / 3_600_000 + "h";
		}
		if (millis % 60_000 == 0 && millis > 0) {
			return millis / 60_000 + "m";
		}
		if (millis % 1000 == 0) {
			return millis / 1000 + "s";
		}
		return millis + "ms";
	}

}
