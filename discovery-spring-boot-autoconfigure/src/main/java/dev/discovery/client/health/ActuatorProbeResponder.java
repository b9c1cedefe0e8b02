package dev.discovery.client.health;

import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;

/**
 * Answers a probe exactly as Actuator's health endpoint answers the matching group, so the JSON, the status
 * mapping and the group's members are the user's Actuator settings. Falls back to the availability state when the
 * health endpoint or the probe group is absent. Details are shown as to an unauthenticated caller.
 */
public class ActuatorProbeResponder implements Function<Probe, ProbeResponse> {

	private final ObjectProvider<HealthEndpointWebExtension> health;

	private final ApplicationAvailability availability;

	/**
	 * Creates the responder.
	 * @param health Actuator's health endpoint web extension, if exposed
	 * @param availability the application availability
	 */
	public ActuatorProbeResponder(ObjectProvider<HealthEndpointWebExtension> health,
			ApplicationAvailability availability) {
		this.health = health;
		this.availability = availability;
	}

	@Override
	public ProbeResponse apply(Probe probe) {
		HealthEndpointWebExtension extension = this.health.getIfAvailable();
		if (extension == null) {
			return ProbeResponse.fromAvailability(probe, this.availability);
		}
		WebEndpointResponse<HealthDescriptor> response = extension.health(ApiVersion.LATEST, WebServerNamespace.SERVER,
				SecurityContext.NONE, false, probe.segments());
		HealthDescriptor body = response.getBody();
		return (body != null) ? new ProbeResponse(response.getStatus(), body)
				: ProbeResponse.fromAvailability(probe, this.availability);
	}

}
