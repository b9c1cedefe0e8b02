package dev.discovery.client.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Runs one operation against the registry URLs in turn, observed and timed: connection failures, unreadable answers
 * and 5xx go on to the next URL; any other answer is final, an error thrown as {@link RegistryException} with the
 * registry's problem detail and {@code Retry-After}.
 */
final class RegistryCalls {

	private static final RegistryObservationConvention DEFAULT_CONVENTION = new DefaultRegistryObservationConvention();

	private final RegistryEndpoints endpoints;

	private final Map<URI, RestClient> clients;

	private final RegistryMetrics metrics;

	private final RegistryAccess access;

	private final ObservationRegistry observations;

	private final @Nullable RegistryObservationConvention convention;

	RegistryCalls(RegistryEndpoints endpoints, Map<URI, RestClient> clients, RegistryMetrics metrics,
			RegistryAccess access, ObservationRegistry observations,
			@Nullable RegistryObservationConvention convention) {
		this.endpoints = endpoints;
		this.clients = clients;
		this.metrics = metrics;
		this.access = access;
		this.observations = observations;
		this.convention = convention;
	}

	/**
	 * Runs an operation.
	 * @param <T> what it answers
	 * @param operation its name, for observations, metrics and messages
	 * @param service the service it is about, or {@code null}
	 * @param instanceId the instance it is about, or {@code null}
	 * @param call the request, made with one registry URL's client
	 * @return the answer
	 * @throws RegistryException if no registry answered, or one answered with an error
	 */
	<T> T execute(String operation, @Nullable String service, @Nullable String instanceId,
			Function<RestClient, @Nullable T> call) {
		RegistryObservationContext context = new RegistryObservationContext(operation, service, instanceId);
		return Observation.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.observations)
			.observe(() -> attempt(context, call));
	}

	private <T> T attempt(RegistryObservationContext context, Function<RestClient, @Nullable T> call) {
		String operation = context.getOperation();
		RegistryException last = null;
		for (URI url : this.endpoints.attemptOrder()) {
			long start = System.nanoTime();
			try {
				T result = call.apply(this.clients.get(url));
				record(context, url, "SUCCESS", start);
				this.endpoints.answered(url);
				this.access.allowed(operation);
				return result;
			}
			catch (RestClientResponseException ex) {
				boolean serverError = ex.getStatusCode().is5xxServerError();
				record(context, url, serverError ? "SERVER_ERROR" : "CLIENT_ERROR", start);
				last = fromResponse(url, operation, ex);
				if (!serverError) {
					this.endpoints.answered(url);
					if (last.isAuthorizationFailure()) {
						this.access.refused(operation, last);
					}
					throw last;
				}
			}
			catch (ResourceAccessException ex) {
				record(context, url, "UNREACHABLE", start);
				last = new RegistryException(url, RegistryException.NO_RESPONSE, null,
						"Registry " + url + " unreachable for " + operation + ": " + describe(ex.getMostSpecificCause()), ex);
			}
			catch (RestClientException ex) {
				// An answer cut short or unreadable (a connection closed mid-body): as good as none, and never a
				// reason for a caller's background loop to end.
				record(context, url, "UNREACHABLE", start);
				last = new RegistryException(url, RegistryException.NO_RESPONSE, null, "Registry " + url
						+ " gave no readable answer for " + operation + ": " + describe(ex.getMostSpecificCause()), ex);
			}
		}
		throw (last != null) ? last : new IllegalStateException("No registry URL configured");
	}

	static String describe(Throwable cause) {
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? " " + message : "");
	}

	private void record(RegistryObservationContext context, URI url, String outcome, long start) {
		context.attempted(url, outcome);
		this.metrics.request(context.getOperation(), outcome, Duration.ofNanos(System.nanoTime() - start));
	}

	private static RegistryException fromResponse(URI url, String operation, RestClientResponseException ex) {
		ProblemDetail problem = problem(ex);
		String detail = (problem != null && problem.getDetail() != null) ? problem.getDetail()
				: ex.getStatusText();
		return new RegistryException(url, ex.getStatusCode().value(), problem, "Registry " + url + " answered "
				+ ex.getStatusCode().value() + " to " + operation + ": " + detail, ex,
				retryAfter(ex.getResponseHeaders()));
	}

	/** {@code Retry-After} in seconds; the HTTP-date form is not worth a clock here and reads as absent. */
	static @Nullable Duration retryAfter(@Nullable HttpHeaders headers) {
		String value = (headers != null) ? headers.getFirst(HttpHeaders.RETRY_AFTER) : null;
		if (value == null) {
			return null;
		}
		try {
			long seconds = Long.parseLong(value.trim());
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable ProblemDetail problem(RestClientResponseException ex) {
		try {
			return ex.getResponseBodyAs(ProblemDetail.class);
		}
		catch (RuntimeException notAProblem) {
			return null;
		}
	}

}
