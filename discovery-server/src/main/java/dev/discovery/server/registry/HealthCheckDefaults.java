package dev.discovery.server.registry;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * Fills in and bounds the health-check part of a registration.
 */
public class HealthCheckDefaults {

	static final String DEFAULT_PATH = "/health/ready";

	private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

	private static final Duration MAX_INTERVAL = Duration.ofHours(1);

	private static final int MAX_THRESHOLD = 100;

	private final Duration interval;

	private final Duration timeout;

	private final int failureThreshold;

	private final int successThreshold;

	private final Duration deregisterAfter;

	public HealthCheckDefaults(Duration interval, Duration timeout, int failureThreshold, int successThreshold,
			Duration deregisterAfter) {
		this.interval = interval;
		this.timeout = timeout;
		this.failureThreshold = failureThreshold;
		this.successThreshold = successThreshold;
		this.deregisterAfter = deregisterAfter;
	}

	/**
	 * The defaults of the wire contract: 5s interval, 2s timeout, 3 failures, 1 success, removal after 1m critical.
	 * @return the standard defaults
	 */
	public static HealthCheckDefaults standard() {
		return new HealthCheckDefaults(Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 1, Duration.ofMinutes(1));
	}

	HealthCheckSpec apply(@Nullable HealthCheckSpec spec, List<FieldError> errors) {
		HealthCheckSpec given = (spec != null) ? spec : HealthCheckSpec.ttl();
		HealthCheckType type = (given.type() != null) ? given.type() : HealthCheckType.TTL;
		String path = (given.path() != null) ? given.path() : DEFAULT_PATH;
		if (!path.startsWith("/") || path.length() > 1024 || path.contains("//")
				|| WireText.hasControlCharacter(path) || path.contains(" ")) {
			errors.add(new FieldError("healthCheck.path", "must be an absolute path such as /health/ready"));
		}
		Duration interval = bounded("healthCheck.interval", given.interval(), this.interval, MIN_INTERVAL,
				MAX_INTERVAL, errors);
		Duration timeout = bounded("healthCheck.timeout", given.timeout(), this.timeout, Duration.ofMillis(100),
				interval, errors);
		int failures = threshold("healthCheck.failureThreshold", given.failureThreshold(), this.failureThreshold,
				errors);
		int successes = threshold("healthCheck.successThreshold", given.successThreshold(), this.successThreshold,
				errors);
		Duration deregisterAfter = bounded("healthCheck.deregisterAfter", given.deregisterAfter(),
				this.deregisterAfter, Duration.ofSeconds(1), Duration.ofDays(7), errors);
		return new HealthCheckSpec(type, (type == HealthCheckType.HTTP) ? path : null, Durations.format(interval),
				Durations.format(timeout), failures, successes, Durations.format(deregisterAfter));
	}

	private static Duration bounded(String field, @Nullable String text, Duration fallback, Duration min,
			Duration max, List<FieldError> errors) {
		if (text == null) {
			return (fallback.compareTo(max) > 0) ? max : fallback;
		}
		Duration value = duration(field, text, errors);
		if (value == null) {
			return fallback;
		}
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			errors.add(new FieldError(field, text + " is outside " + Durations.format(min) + "-" + Durations.format(max)));
		}
		return value;
	}

	private static int threshold(String field, @Nullable Integer value, int fallback, List<FieldError> errors) {
		if (value == null) {
			return fallback;
		}
		if (value < 1 || value > MAX_THRESHOLD) {
			errors.add(new FieldError(field, value + " is outside 1-" + MAX_THRESHOLD));
		}
		return value;
	}

	static @Nullable Duration duration(String field, String text, List<FieldError> errors) {
		try {
			return Durations.parse(text);
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldError(field, ex.getMessage()));
			return null;
		}
	}

}
