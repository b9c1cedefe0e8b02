package dev.discovery.server.eureka;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * An instance status as Eureka spells it. Only {@link #UP} instances get traffic from Eureka clients.
 */
enum EurekaStatus {

	/** Ready to take traffic. */
	UP,

	/** Reported down by the instance's own health check. */
	DOWN,

	/** Registered but not ready yet. */
	STARTING,

	/** Taken out of rotation, usually by an operator's override. */
	OUT_OF_SERVICE,

	/** Not known; also what "no override" is called. */
	UNKNOWN;

	/**
	 * Reads a status leniently, as Eureka does: anything it does not know is {@code UNKNOWN}.
	 * @param text the status text, may be {@code null}
	 * @param fallback what a missing status means
	 * @return the status
	 */
	static EurekaStatus parse(@Nullable String text, EurekaStatus fallback) {
		if (text == null || text.isBlank()) {
			return fallback;
		}
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return UNKNOWN;
		}
	}

}
