package dev.discovery.client.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * How a call to an instance failed, as far as retrying and ejection care: whether anything may have reached the
 * instance decides which methods may be sent again.
 */
public enum CallFailure {

	/** The connection was refused or could not be made: nothing was sent, so any method may go elsewhere. */
	REFUSED("refused", false),

	/** The connection broke or timed out after the request may have been sent. */
	RESET("reset", true),

	/** The instance answered 502. */
	BAD_GATEWAY("502", true),

	/** The instance answered 503. */
	UNAVAILABLE("503", true),

	/** The instance answered 504. */
	GATEWAY_TIMEOUT("504", true);

	private static final int MAX_CAUSES = 16;

	private final String tag;

	private final boolean sent;

	CallFailure(String tag, boolean sent) {
		this.tag = tag;
		this.sent = sent;
	}

	/** A short name for logs and metric tags. */
	public String tag() {
		return this.tag;
	}

	/**
	 * Whether the request may be sent to another instance: always when nothing was sent, else only for methods that
	 * are idempotent by RFC 9110 (GET, HEAD, OPTIONS, PUT, DELETE, TRACE).
	 * @param method the request's method
	 * @return {@code true} if a retry is safe
	 */
	public boolean retryable(HttpMethod method) {
		return !this.sent || idempotent(method);
	}

	static boolean idempotent(HttpMethod method) {
		return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
				|| method == HttpMethod.PUT || method == HttpMethod.DELETE || method == HttpMethod.TRACE;
	}

	/**
	 * The failure an answer's status stands for.
	 * @param status the HTTP status
	 * @return the failure, or {@code null} for any status but 502, 503 and 504
	 */
	public static @Nullable CallFailure of(int status) {
		return switch (status) {
			case 502 -> BAD_GATEWAY;
			case 503 -> UNAVAILABLE;
			case 504 -> GATEWAY_TIMEOUT;
			default -> null;
		};
	}

	/**
	 * The failure an exception stands for, looking through its causes (clients wrap what the socket said).
	 * @param failure what the HTTP client threw
	 * @return the failure, or {@code null} if it is no transport failure (a bug, a body that did not map...)
	 */
	public static @Nullable CallFailure of(Throwable failure) {
		boolean io = false;
		Throwable cause = failure;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof UnknownHostException || cause instanceof HttpConnectTimeoutException) {
				return REFUSED;
			}
			io = io || cause instanceof IOException || cause instanceof TimeoutException
					|| cause.getClass().getName().endsWith(".ReadTimeoutException");
		}
		return io ? RESET : null;
	}

}
