package dev.discovery.server.health;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLException;

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

	/** What {@link #describe} says of any timeout. */
	static final String TIMED_OUT = "timed out";

	/** Failures by type, in the registry's words, first match wins. */
	private static final Map<Class<? extends Throwable>, String> PHRASES = phrases();

	private static Map<Class<? extends Throwable>, String> phrases() {
		Map<Class<? extends Throwable>, String> phrases = new LinkedHashMap<>();
		phrases.put(HttpTimeoutException.class, TIMED_OUT);
		phrases.put(SocketTimeoutException.class, TIMED_OUT);
		phrases.put(InterruptedByTimeoutException.class, TIMED_OUT);
		phrases.put(ConnectException.class, "connection refused");
		phrases.put(NoRouteToHostException.class, "no route to host");
		phrases.put(UnknownHostException.class, "unknown host");
		phrases.put(UnresolvedAddressException.class, "unknown host");
		phrases.put(SSLException.class, "TLS handshake failed");
		phrases.put(ProtocolException.class, "not an HTTP answer");
		phrases.put(EOFException.class, "connection closed");
		phrases.put(ClosedChannelException.class, "connection closed");
		return phrases;
	}

	/**
	 * Describes why a check failed, in the registry's own words: an exception's message may quote what the target
	 * sent (an HTTP client quotes an invalid status line, such as another service's banner), so none is shown.
	 * @param failure what the probe threw, possibly wrapped by a future
	 * @return a short description such as {@code connection refused}
	 */
	static String describe(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		for (Map.Entry<Class<? extends Throwable>, String> phrase : PHRASES.entrySet()) {
			if (phrase.getKey().isInstance(cause)) {
				return phrase.getValue();
			}
		}
		if (cause instanceof IOException) {
			String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
			if (message.contains("reset")) {
				return "connection reset";
			}
			if (message.contains("no bytes") || message.contains("closed")) {
				return "connection closed without an answer";
			}
			return "I/O error (" + cause.getClass().getSimpleName() + ")";
		}
		return cause.getClass().getSimpleName();
	}

}
