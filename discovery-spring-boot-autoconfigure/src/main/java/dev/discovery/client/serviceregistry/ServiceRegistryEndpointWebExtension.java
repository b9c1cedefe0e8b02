package dev.discovery.client.serviceregistry;

import java.util.Locale;

import dev.discovery.client.registry.RegistryException;
import dev.discovery.protocol.InstanceStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.cloud.client.serviceregistry.endpoint.ServiceRegistryEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * {@code /actuator/serviceregistry} over HTTP with clear answers where Spring Cloud's endpoint answers {@code 500}:
 * an unknown status is a {@code 400} problem detail naming the statuses there are, and an unreachable registry a
 * {@code 503} one naming it.
 */
@EndpointWebExtension(endpoint = ServiceRegistryEndpoint.class)
public class ServiceRegistryEndpointWebExtension {

	private final DiscoveryServiceRegistry serviceRegistry;

	private final DiscoveryRegistration registration;

	/**
	 * Creates the extension.
	 * @param serviceRegistry the service registry
	 * @param registration this application's registration
	 */
	public ServiceRegistryEndpointWebExtension(DiscoveryServiceRegistry serviceRegistry,
			DiscoveryRegistration registration) {
		this.serviceRegistry = serviceRegistry;
		this.registration = registration;
	}

	/**
	 * The instance's status at the registry ({@code UNKNOWN} while it is not registered).
	 * @return the status, or a problem detail
	 */
	@ReadOperation
	public WebEndpointResponse<?> getStatus() {
		try {
			return new WebEndpointResponse<>(this.serviceRegistry.<String>getStatus(this.registration));
		}
		catch (RegistryException ex) {
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "Could not read the status of " + this.registration
					+ " from the registry at " + ex.getRegistryUrl() + ": " + ex.getMessage());
		}
	}

	/**
	 * Sets the instance's status at the registry.
	 * @param status {@code UP}, {@code OUT_OF_SERVICE} or {@code STARTING}, in any case
	 * @return an empty {@code 200}, or a problem detail
	 */
	@WriteOperation
	public WebEndpointResponse<?> setStatus(@Nullable String status) {
		if (status == null || !isStatus(status)) {
			String what = (status != null) ? "Unknown instance status '" + status + "'" : "No status given";
			return problem(HttpStatus.BAD_REQUEST, what + ": send one of UP, OUT_OF_SERVICE (no traffic) or "
					+ "STARTING, as {\"status\":\"OUT_OF_SERVICE\"}");
		}
		try {
			this.serviceRegistry.setStatus(this.registration, status);
			return new WebEndpointResponse<>();
		}
		catch (RegistryException ex) {
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "Could not set the status of " + this.registration
					+ " at the registry at " + ex.getRegistryUrl() + " (" + ex.getMessage()
					+ "); it is kept and sent when the instance registers again");
		}
	}

	private static boolean isStatus(String status) {
		String name = status.trim().toUpperCase(Locale.ROOT);
		for (InstanceStatus candidate : InstanceStatus.values()) {
			if (candidate.name().equals(name)) {
				return true;
			}
		}
		return false;
	}

	private static WebEndpointResponse<ProblemDetail> problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		return new WebEndpointResponse<>(problem, status.value(), MediaType.APPLICATION_PROBLEM_JSON);
	}

}
