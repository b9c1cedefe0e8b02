package dev.discovery.client.registry;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * A registry request that failed: the registry answered with an error status, or could not be reached at all.
 */
public class RegistryException extends RuntimeException {

	/** The status used when no HTTP response was received. */
	public static final int NO_RESPONSE = 0;

	private final URI registryUrl;

	private final int status;

	private final @Nullable ProblemDetail problem;

	private final @Nullable Duration retryAfter;

	/**
	 * Creates a new exception.
	 * @param registryUrl the registry the request went to
	 * @param status the HTTP status, or {@link #NO_RESPONSE}
	 * @param problem the RFC 9457 problem detail from the response, if any
	 * @param message what failed
	 * @param cause the underlying error, if any
	 */
	public RegistryException(URI registryUrl, int status, @Nullable ProblemDetail problem, String message,
			@Nullable Throwable cause) {
		this(registryUrl, status, problem, message, cause, null);
	}

	/**
	 * Creates a new exception.
	 * @param registryUrl the registry the request went to
	 * @param status the HTTP status, or {@link #NO_RESPONSE}
	 * @param problem the RFC 9457 problem detail from the response, if any
	 * @param message what failed
	 * @param cause the underlying error, if any
	 * @param retryAfter how long the registry asked the client to wait ({@code Retry-After}), if it did
	 */
	public RegistryException(URI registryUrl, int status, @Nullable ProblemDetail problem, String message,
			@Nullable Throwable cause, @Nullable Duration retryAfter) {
		super(message, cause);
		this.registryUrl = registryUrl;
		this.status = status;
		this.problem = problem;
		this.retryAfter = retryAfter;
	}

	/**
	 * The registry the failed request went to (the last one tried when several were).
	 * @return the registry URL
	 */
	public URI getRegistryUrl() {
		return this.registryUrl;
	}

	/**
	 * The HTTP status of the response.
	 * @return the status, or {@link #NO_RESPONSE} if the registry could not be reached
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * The problem detail the registry sent.
	 * @return the problem detail, or {@code null}
	 */
	public @Nullable ProblemDetail getProblem() {
		return this.problem;
	}

	/**
	 * Whether the registry answered {@code 404 Not Found}, for example for a heartbeat of an instance it forgot.
	 * @return {@code true} on a 404
	 */
	public boolean isNotFound() {
		return this.status == 404;
	}

	/**
	 * Whether no registry answered at all.
	 * @return {@code true} if the failure was a connection or I/O error
	 */
	public boolean isUnreachable() {
		return this.status == NO_RESPONSE;
	}

	/**
	 * How long the registry asked the client to wait before trying again ({@code Retry-After}, sent with 429 and
	 * 503).
	 * @return the wait, or {@code null} if the registry named none
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Whether the registry refused the client's credentials (401) or what they allow (403). Retrying soon does not
	 * help: the token must change.
	 * @return {@code true} on a 401 or 403
	 */
	public boolean isAuthorizationFailure() {
		return this.status == 401 || this.status == 403;
	}

	/**
	 * Whether the registry answered 429: the client writes faster than the registry allows.
	 * @return {@code true} on a 429
	 */
	public boolean isRateLimited() {
		return this.status == 429;
	}

}
