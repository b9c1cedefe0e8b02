package dev.discovery.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.Headers;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.protocol.StatusUpdate;

/**
 * The registry's v1 HTTP API, as any client uses it: every helper of the test kit changes the registry this way.
 */
final class RegistryApi {

	private static final TypeReference<List<InstanceView>> INSTANCES = new TypeReference<>() {
	};

	private static final TypeReference<List<ServiceSummary>> SERVICES = new TypeReference<>() {
	};

	/** Longer than any blocking query the kit makes. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final JsonMapper json = JsonMapper.builder()
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI base;

	RegistryApi(URI base) {
		this.base = base;
	}

	void register(String service, String instanceId, InstanceRegistration registration) {
		send("PUT", instancePath(service, instanceId), this.json.writeValueAsString(registration), 200, 201);
	}

	/**
	 * Renews a lease.
	 * @return the renewed lease, or {@code null} if the registry no longer knows the instance
	 */
	@Nullable LeaseView heartbeat(String service, String instanceId) {
		HttpResponse<String> response = send("PUT", instancePath(service, instanceId) + "/heartbeat", null, 200, 404);
		return (response.statusCode() == 200) ? this.json.readValue(response.body(), LeaseView.class) : null;
	}

	void setStatus(String service, String instanceId, InstanceStatus status) {
		send("PUT", instancePath(service, instanceId) + "/status",
				this.json.writeValueAsString(new StatusUpdate(status)), 200);
	}

	void deregister(String service, String instanceId) {
		send("DELETE", instancePath(service, instanceId), null, 204, 404);
	}

	List<ServiceSummary> services() {
		return this.json.readValue(send("GET", "/api/v1/services", null, 200).body(), SERVICES);
	}

	/** The registry's change index now. */
	long index() {
		return send("GET", "/api/v1/services", null, 200).headers().firstValueAsLong(Headers.INDEX).orElse(0);
	}

	List<InstanceView> instances(String service, boolean passing) {
		return instances(service, passing, -1, Duration.ZERO).instances();
	}

	/**
	 * A service's instances (none if the registry does not know the service); with an index, a blocking query that
	 * answers once the service has changed after it or the wait is over.
	 */
	Indexed instances(String service, boolean passing, long index, Duration wait) {
		String query = "?view=full&passing=" + passing + ((index < 0) ? "" : "&index=" + index + "&wait=" + wait.toMillis() + "ms");
		HttpResponse<String> response = send("GET", "/api/v1/services/" + encode(service) + "/instances" + query,
				null, 200, 404);
		long answered = response.headers().firstValueAsLong(Headers.INDEX).orElse(-1);
		List<InstanceView> instances = (response.statusCode() == 200) ? this.json.readValue(response.body(), INSTANCES)
				: List.of();
		return new Indexed(instances, answered);
	}

	/** One instance, passing or not; {@code null} if the registry does not hold it. */
	@Nullable InstanceView instance(String service, String instanceId) {
		return find(instances(service, false), instanceId);
	}

	/**
	 * Waits until an instance is registered, {@code UP} and not failing its checks. Blocking queries answer when the
	 * service changes after the index given, so this waits without polling.
	 * @throws AssertionError if it is not within the time
	 */
	InstanceView awaitPassing(String service, String instanceId, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long index = -1;
		InstanceView last = null;
		while (true) {
			long left = deadline - System.nanoTime();
			Indexed answer = instances(service, false, index,
					Duration.ofNanos(Math.max(0, Math.min(left, Duration.ofSeconds(5).toNanos()))));
			last = find(answer.instances(), instanceId);
			if (last != null && last.status() == InstanceStatus.UP && last.health() != HealthState.CRITICAL) {
				return last;
			}
			if (left <= 0) {
				throw new AssertionError(RegistryTime.key(service, instanceId) + " was not registered, UP and passing "
						+ "within " + timeout + "; the registry holds " + ((last != null) ? last : "nothing by that id"));
			}
			// A service the registry does not know yet may answer without an index: wait for any change instead.
			index = (answer.index() >= 0) ? answer.index() : index();
		}
	}

	private static @Nullable InstanceView find(List<InstanceView> instances, String instanceId) {
		return instances.stream().filter((i) -> i.instanceId().equals(instanceId)).findFirst().orElse(null);
	}

	private HttpResponse<String> send(String method, String path, @Nullable String body, int... expected) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(TIMEOUT);
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + this.base.resolve(path) + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during " + method + " " + path, ex);
		}
		for (int status : expected) {
			if (response.statusCode() == status) {
				return response;
			}
		}
		throw new IllegalStateException(method + " " + this.base.resolve(path) + " answered " + response.statusCode()
				+ ": " + response.body());
	}

	private static String instancePath(String service, String instanceId) {
		return "/api/v1/services/" + encode(service) + "/instances/" + encode(instanceId);
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Instances as of a registry index.
	 *
	 * @param instances the instances
	 * @param index the registry's index when it answered
	 */
	record Indexed(List<InstanceView> instances, long index) {
	}

}
