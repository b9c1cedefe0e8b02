package dev.discovery.server.health;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.discovery.protocol.HealthState;

/**
 * The outcome of one check of one instance, before thresholds are applied.
 *
 * @param outcome what this single check saw
 * @param output a line for the API and the dashboard, such as {@code GET http://10.0.1.5:8080/health/ready: HTTP 503}
 */
public record CheckResult(HealthState outcome, String output) {

	static CheckResult passing(String output) {
		return new CheckResult(HealthState.PASSING, output);
	}

	static CheckResult warning(String output) {
		return new CheckResult(HealthState.WARNING, output);
	}

	static CheckResult critical(String output) {
		return new CheckResult(HealthState.CRITICAL, output);
	}

	/**
	 * Describes why a check failed, without a stack trace.
	 * @param failure what the probe threw, possibly wrapped by a future
	 * @return a short description such as {@code ConnectException}
	 */
	static String describe(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		String type = cause.getClass().getSimpleName();
		return (message != null && !message.isBlank()) ? type + ": " + message : type;
	}

}
