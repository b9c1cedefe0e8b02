package dev.discovery.server.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.discovery.protocol.Durations;
import dev.discovery.server.registry.InstanceSpec;

/**
 * GETs an instance's health path with the JDK's asynchronous HTTP client: 2xx passes, 429 warns, anything else, a
 * connection failure or a timeout fails. HTTPS when the instance registered as {@code secure}. Redirects are
 * followed only to the same scheme, host and port, at most three times, within the one timeout.
 * <p>
 * Each check uses a new connection and closes it ({@code Connection: close}), as Consul and the kubelet do: a
 * pooled connection per instance would hold one socket per instance open in the registry, and a check should prove
 * that callers can connect. The JDK client only lets a request set that header when the system property
 * {@value #RESTRICTED_HEADERS} allows it; this class allows it unless the property is already set, which works when
 * this class loads before the JVM's first HTTP client request (as in the server). Otherwise checks still run,
 * over pooled connections.
 */
public final class HttpHealthProbe implements HealthProbe {

	private static final Log logger = LogFactory.getLog(HttpHealthProbe.class);

	static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

	private static final int MAX_REDIRECTS = 3;

	static {
		if (System.getProperty(RESTRICTED_HEADERS) == null) {
			System.setProperty(RESTRICTED_HEADERS, "connection");
		}
	}

	private final HttpClient client;

	private final Executor executor;

	private final TargetPolicy targets;

	private final boolean closeConnections = connectionHeaderAllowed();

	/**
	 * Creates a probe whose client completes responses on the given executor.
	 * @param executor a small, bounded executor; no thread waits on a check, but host names are looked up on it
	 * @param targets which addresses may be checked
	 */
	public HttpHealthProbe(Executor executor, TargetPolicy targets) {
		this.executor = executor;
		this.targets = targets;
		this.client = HttpClient.newBuilder()
			.executor(executor)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	@Override
	public CompletableFuture<CheckResult> check(InstanceSpec instance, Duration timeout) {
		URI uri;
		try {
			uri = uri(instance);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.completedFuture(CheckResult.critical("invalid health check URL: " + ex.getMessage()));
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		// The address is judged at every check, not only at registration: a host name may resolve anew.
		return CompletableFuture.supplyAsync(() -> this.targets.refusal(instance.host(), instance.port()), this.executor)
			.thenCompose((refusal) -> (refusal != null)
					? CompletableFuture.completedFuture(CheckResult.critical("GET " + uri + ": not checked, " + refusal))
					: get(uri, uri, deadline, timeout, 0));
	}

	static URI uri(InstanceSpec instance) {
		String host = instance.host().contains(":") ? "[" + instance.host() + "]" : instance.host();
		String path = (instance.healthCheck().path() != null) ? instance.healthCheck().path() : "/";
		return URI.create((instance.secure() ? "https" : "http") + "://" + host + ":" + instance.port() + path);
	}

	private CompletableFuture<CheckResult> get(URI origin, URI uri, long deadline, Duration timeout, int redirects) {
		// Real elapsed time: this bounds network I/O, not registry time, so it does not come from the Clock.
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			return CompletableFuture.completedFuture(CheckResult.critical("GET " + origin + ": timed out after "
					+ Durations.format(timeout)));
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofNanos(remaining))
			.header("User-Agent", "discovery-server-health-check")
			.GET();
		if (this.closeConnections) {
			request.header("Connection", "close");
		}
		return this.client.sendAsync(request.build(), BodyHandlers.discarding())
			.thenCompose((response) -> outcome(origin, response, deadline, timeout, redirects))
			.exceptionally((ex) -> CheckResult.critical("GET " + origin + ": " + failure(ex, timeout)));
	}

	private CompletableFuture<CheckResult> outcome(URI origin, HttpResponse<Void> response, long deadline,
			Duration timeout, int redirects) {
		int status = response.statusCode();
		// Only the status is shown: never the body, a header or a redirect target, which the instance chose.
		String line = "GET " + origin + ": HTTP " + status;
		if (status >= 200 && status < 300) {
			return CompletableFuture.completedFuture(CheckResult.passing(line));
		}
		if (status == 429) {
			return CompletableFuture.completedFuture(CheckResult.warning(line));
		}
		Optional<String> location = response.headers().firstValue("Location");
		if (status >= 300 && status < 400 && location.isPresent()) {
			URI next = response.uri().resolve(location.get());
			if (!sameOrigin(origin, next)) {
				return CompletableFuture.completedFuture(CheckResult.critical(line + ", redirect off the host not followed"));
			}
			if (redirects < MAX_REDIRECTS) {
				return get(origin, next, deadline, timeout, redirects + 1);
			}
			return CompletableFuture.completedFuture(CheckResult.critical(line + ", too many redirects"));
		}
		return CompletableFuture.completedFuture(CheckResult.critical(line));
	}

	private static boolean connectionHeaderAllowed() {
		try {
			HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Connection", "close");
			return true;
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Health checks reuse pooled connections: the JVM's HTTP client was used before "
					+ RESTRICTED_HEADERS + " could allow 'Connection: close'; set -D" + RESTRICTED_HEADERS
					+ "=connection to close them");
			return false;
		}
	}

	static boolean sameOrigin(URI origin, URI other) {
		return origin.getScheme().equalsIgnoreCase(String.valueOf(other.getScheme()))
				&& origin.getHost().toLowerCase(Locale.ROOT).equals(String.valueOf(other.getHost()).toLowerCase(Locale.ROOT))
				&& port(origin) == port(other);
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static String failure(Throwable ex, Duration timeout) {
		String description = CheckResult.describe(ex);
		return description.equals(CheckResult.TIMED_OUT) ? "timed out after " + Durations.format(timeout)
				: description;
	}

}
