package dev.discovery.client.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.protocol.StatusUpdate;
import dev.discovery.protocol.WatchApplied;
import dev.discovery.protocol.WatchDelivery;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Calls the registry's v1 HTTP API. Connection failures and 5xx answers fail over to the next registry URL; other
 * errors are thrown at once as {@link RegistryException}.
 */
public class RegistryClient {

	private static final RegistryObservationConvention DEFAULT_CONVENTION = new DefaultRegistryObservationConvention();

	private static final String INSTANCE = "/api/v1/services/{service}/instances/{id}";

	private static final ParameterizedTypeReference<List<InstanceView>> VIEWS = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<ServiceSummary>> SUMMARIES = new ParameterizedTypeReference<>() {
	};

	private final RegistryEndpoints endpoints;

	private final Map<URI, RestClient> clients = new LinkedHashMap<>();

	private final RegistryMetrics metrics;

	private final RegistryAccess access = new RegistryAccess();

	private final ObservationRegistry observations;

	private final @Nullable RegistryObservationConvention convention;

	/**
	 * Creates a client of an open registry.
	 * @param endpoints the registry URLs
	 * @param connectTimeout how long to wait for a connection to one registry
	 * @param readTimeout how long to wait for one registry's answer
	 * @param metrics where to record request latencies
	 */
	public RegistryClient(RegistryEndpoints endpoints, Duration connectTimeout, Duration readTimeout,
			RegistryMetrics metrics) {
		this(endpoints, connectTimeout, readTimeout, metrics, null);
	}

	/**
	 * Creates a client.
	 * @param endpoints the registry URLs
	 * @param connectTimeout how long to wait for a connection to one registry
	 * @param readTimeout how long to wait for one registry's answer
	 * @param metrics where to record request latencies
	 * @param token the bearer token sent with every request, or {@code null} for an open registry
	 */
	public RegistryClient(RegistryEndpoints endpoints, Duration connectTimeout, Duration readTimeout,
			RegistryMetrics metrics, @Nullable String token) {
		this(endpoints, connectTimeout, readTimeout, metrics, token, null);
	}

	/**
	 * Creates a client.
	 * @param endpoints the registry URLs
	 * @param connectTimeout how long to wait for a connection to one registry
	 * @param readTimeout how long to wait for one registry's answer
	 * @param metrics where to record request latencies
	 * @param token the bearer token sent with every request, or {@code null} for an open registry
	 * @param sslContext the TLS context for https registry URLs, or {@code null} for the JVM's default
	 */
	public RegistryClient(RegistryEndpoints endpoints, Duration connectTimeout, Duration readTimeout,
			RegistryMetrics metrics, @Nullable String token, @Nullable SSLContext sslContext) {
		this(endpoints, httpClient(connectTimeout, sslContext), readTimeout, metrics, RegistryTokenSupplier.of(token),
				(builder) -> {
				}, ObservationRegistry.NOOP, null);
	}

	/**
	 * Creates a client with every seam.
	 * @param endpoints the registry URLs
	 * @param httpClient the JDK HTTP client (connect timeout, TLS, proxy)
	 * @param readTimeout how long to wait for one registry's answer
	 * @param metrics where to record request latencies
	 * @param tokens asked for the bearer token before every request
	 * @param customizer applied to each registry URL's {@link RestClient.Builder} last
	 * @param observations where each operation is observed ({@link ObservationRegistry#NOOP} for nowhere)
	 * @param convention names and tags those observations, or {@code null} for
	 * {@link DefaultRegistryObservationConvention}
	 */
	public RegistryClient(RegistryEndpoints endpoints, HttpClient httpClient, Duration readTimeout,
			RegistryMetrics metrics, RegistryTokenSupplier tokens, RegistryClientCustomizer customizer,
			ObservationRegistry observations, @Nullable RegistryObservationConvention convention) {
		this.endpoints = endpoints;
		this.metrics = metrics;
		this.observations = observations;
		this.convention = convention;
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(readTimeout);
		JsonMapper mapper = JsonMapper.builder()
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.build();
		for (URI url : endpoints.urls()) {
			RestClient.Builder builder = RestClient.builder()
				.baseUrl(url)
				.requestFactory(requestFactory)
				.requestInterceptor(new TokenInterceptor(url, tokens))
				.configureMessageConverters(
						(converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(mapper)));
			customizer.customize(builder);
			this.clients.put(url, builder.build());
		}
	}

	private static HttpClient httpClient(Duration connectTimeout, @Nullable SSLContext sslContext) {
		HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(connectTimeout);
		if (sslContext != null) {
			http.sslContext(sslContext);
		}
		return http.build();
	}

	/**
	 * The registry URL that answered last.
	 * @return the current registry URL
	 */
	public URI currentUrl() {
		return this.endpoints.current();
	}

	/**
	 * Which operations the registry refuses this client's token, if any.
	 * @return the refusals, shared with the watch and the health indicator
	 */
	public RegistryAccess access() {
		return this.access;
	}

	/**
	 * All configured registry URLs.
	 * @return the URLs, most preferred first
	 */
	public List<URI> urls() {
		return this.endpoints.urls();
	}

	/**
	 * Registers an instance, or replaces its registration.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param registration what the instance says about itself
	 * @return the registry's view of the instance
	 */
	public InstanceView register(String service, String instanceId, InstanceRegistration registration) {
		return execute("register", service, instanceId, (client) -> client.put()
			.uri(INSTANCE, service, instanceId)
			.body(registration)
			.retrieve()
			.body(InstanceView.class));
	}

	/**
	 * Renews an instance's lease.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return the renewed lease, with the status and health the registry holds
	 * @throws RegistryException with status 404 if the registry does not know the instance
	 */
	public LeaseView heartbeat(String service, String instanceId) {
		return execute("heartbeat", service, instanceId, (client) -> client.put()
			.uri(INSTANCE + "/heartbeat", service, instanceId)
			.retrieve()
			.body(LeaseView.class));
	}

	/**
	 * Sets what an instance says about itself.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param status the new status
	 * @return the registry's view of the instance
	 */
	public InstanceView setStatus(String service, String instanceId, InstanceStatus status) {
		return execute("status", service, instanceId, (client) -> client.put()
			.uri(INSTANCE + "/status", service, instanceId)
			.body(new StatusUpdate(status))
			.retrieve()
			.body(InstanceView.class));
	}

	/**
	 * Removes an instance.
	 * @param service the service name
	 * @param instanceId the instance id
	 */
	public void deregister(String service, String instanceId) {
		execute("deregister", service, instanceId, (client) -> client.delete().uri(INSTANCE, service, instanceId).retrieve().toBodilessEntity());
	}

	/**
	 * Reports an instance that looks dead; the registry checks it at once with its own health check.
	 * @param service the service name
	 * @param instanceId the instance id
	 */
	public void suspect(String service, String instanceId) {
		execute("suspect", service, instanceId, (client) -> client.post()
			.uri(INSTANCE + "/suspect", service, instanceId)
			.retrieve()
			.toBodilessEntity());
	}

	/**
	 * Waits until the registry has handed every change so far to every watcher, for at most {@code wait}.
	 * @param wait the longest wait; keep it below the read timeout
	 * @return {@code true} if the registry confirmed delivery in time
	 */
	public boolean awaitDelivered(Duration wait) {
		WatchDelivery delivery = execute("delivered", null, null, (client) -> client.get()
			.uri("/api/v1/watch/delivered?wait={wait}ms", wait.toMillis())
			.retrieve()
			.body(WatchDelivery.class));
		return delivery != null && delivery.delivered();
	}

	/**
	 * Waits until the registry has handed every change so far to every watcher and every subscriber of the service
	 * that acknowledges has applied the service's last change to its view, for at most {@code wait} in all. A
	 * registry without acknowledgements (it answers 404) confirms on delivery alone.
	 * @param service the service whose last change must be applied
	 * @param wait the longest wait; keep it below the read timeout
	 * @return {@code true} if the registry confirmed both in time
	 */
	public boolean awaitApplied(String service, Duration wait) {
		long started = System.nanoTime();
		if (!awaitDelivered(wait)) {
			return false;
		}
		long left = wait.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis();
		if (left <= 0) {
			return false;
		}
		try {
			WatchApplied applied = execute("applied", service, null, (client) -> client.get()
				.uri("/api/v1/services/{service}/propagation/applied?wait={wait}ms", service, left)
				.retrieve()
				.body(WatchApplied.class));
			return applied != null && applied.applied();
		}
		catch (RegistryException ex) {
			if (ex.isNotFound()) {
				return true;
			}
			throw ex;
		}
	}

	/**
	 * Lists the registered services.
	 * @return one summary per service
	 */
	public List<ServiceSummary> services() {
		return orEmpty(execute("services", null, null, (client) -> client.get().uri("/api/v1/services").retrieve().body(SUMMARIES)));
	}

	/**
	 * Lists a service's instances, in the registry's compact view: what a caller needs to reach an instance, without
	 * the health-check spec, check output and timestamps (they read as {@code null}).
	 * @param service the service name
	 * @param passingOnly whether to list only the instances callers should use
	 * @return the instances; empty if the service is unknown
	 */
	public List<InstanceView> instances(String service, boolean passingOnly) {
		try {
			return orEmpty(execute("instances", service, null, (client) -> client.get()
				.uri("/api/v1/services/{service}/instances?passing={passing}", service, passingOnly)
				.retrieve()
				.body(VIEWS)));
		}
		catch (RegistryException ex) {
			if (ex.isNotFound()) {
				return List.of();
			}
			throw ex;
		}
	}

	private static <T> List<T> orEmpty(@Nullable List<T> list) {
		return (list != null) ? list : List.of();
	}

	private <T> T execute(String operation, @Nullable String service, @Nullable String instanceId,
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

	private static String describe(Throwable cause) {
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

	/**
	 * Asks the token supplier before every request. A supplier that fails fails the operation at once (another
	 * registry URL would need the same token) with a {@link RegistryException}; the caller's loop retries.
	 */
	private record TokenInterceptor(URI url, RegistryTokenSupplier tokens) implements ClientHttpRequestInterceptor {

		@Override
		public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
				throws IOException {
			String token;
			try {
				token = this.tokens.token();
			}
			catch (RuntimeException ex) {
				throw new RegistryException(this.url, RegistryException.NO_RESPONSE, null,
						"Could not get a token for registry " + this.url + ": " + describe(ex), ex);
			}
			if (token != null && !token.isBlank()) {
				request.getHeaders().setBearerAuth(token.trim());
			}
			return execution.execute(request, body);
		}

	}

}
