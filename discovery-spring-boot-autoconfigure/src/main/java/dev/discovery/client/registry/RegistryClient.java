package dev.discovery.client.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.protocol.StatusUpdate;
import dev.discovery.protocol.WatchApplied;
import dev.discovery.protocol.WatchDelivery;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

/**
 * Calls the registry's v1 HTTP API. Connection failures and 5xx answers fail over to the next registry URL; other
 * errors are thrown at once as {@link RegistryException} ({@link RegistryCalls} runs each operation).
 */
public class RegistryClient {

	private static final String INSTANCE = "/api/v1/services/{service}/instances/{id}";

	private static final ParameterizedTypeReference<List<InstanceView>> VIEWS = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<ServiceSummary>> SUMMARIES = new ParameterizedTypeReference<>() {
	};

	private final RegistryEndpoints endpoints;

	private final RegistryAccess access = new RegistryAccess();

	private final RegistryCalls calls;

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
		this(endpoints, RegistryRestClients.httpClient(connectTimeout, sslContext), readTimeout, metrics, RegistryTokenSupplier.of(token),
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
		this.calls = new RegistryCalls(endpoints,
				RegistryRestClients.build(endpoints, httpClient, readTimeout, tokens, customizer), metrics, this.access,
				observations, convention);
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
		execute("deregister", service, instanceId,
				(client) -> client.delete().uri(INSTANCE, service, instanceId).retrieve().toBodilessEntity());
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
		return orEmpty(execute("services", null, null,
				(client) -> client.get().uri("/api/v1/services").retrieve().body(SUMMARIES)));
	}

	/**
	 * Lists a service's instances, in the registry's compact view: what a caller needs to reach an instance, without
	 * the health-check spec, check output and timestamps (they read as {@code null}); the fields the registry leaves
	 * out because they hold their default read as that default, the service as the one asked for.
	 * @param service the service name
	 * @param passingOnly whether to list only the instances callers should use
	 * @return the instances; empty if the service is unknown
	 */
	public List<InstanceView> instances(String service, boolean passingOnly) {
		try {
			List<InstanceView> views = orEmpty(execute("instances", service, null, (client) -> client.get()
				.uri("/api/v1/services/{service}/instances?passing={passing}", service, passingOnly)
				.retrieve()
				.body(VIEWS)));
			return views.stream().map((view) -> view.withService(service)).toList();
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
		return this.calls.execute(operation, service, instanceId, call);
	}

}
