package dev.discovery.client.resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads an answer's {@code Retry-After} (RFC 9110: seconds, or an HTTP date).
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * How long the instance asked callers to stay away.
	 * @param headers the answer's headers
	 * @return the time asked for, or {@code null} if none (or unreadable)
	 */
	public static @Nullable Duration of(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		try {
			long seconds = Long.parseLong(trimmed);
			return (seconds >= 0) ? Duration.ofSeconds(Math.min(seconds, 86_400)) : null;
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration until = Duration.between(Instant.now(), at);
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

}
