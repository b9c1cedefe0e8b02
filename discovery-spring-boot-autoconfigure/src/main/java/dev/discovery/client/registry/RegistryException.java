package dev.discovery.client.registry;

import java.net.URI;

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
		super(message, cause);
		this.registryUrl = registryUrl;
		this.status = status;
		this.problem = problem;
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

}
