package dev.discovery.client.health;

import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;

/**
 * The WebFlux counterpart of {@link ActuatorProbeResponder}.
 */
public class ReactiveActuatorProbeResponder implements Function<Probe, Mono<ProbeResponse>> {

	private final ObjectProvider<ReactiveHealthEndpointWebExtension> health;

	private final ApplicationAvailability availability;

	/**
	 * Creates the responder.
	 * @param health Actuator's reactive health endpoint web extension, if exposed
	 * @param availability the application availability
	 */
	public ReactiveActuatorProbeResponder(ObjectProvider<ReactiveHealthEndpointWebExtension> health,
			ApplicationAvailability availability) {
		this.health = health;
		this.availability = availability;
	}

	@Override
	public Mono<ProbeResponse> apply(Probe probe) {
		ReactiveHealthEndpointWebExtension extension = this.health.getIfAvailable();
		if (extension == null) {
			return Mono.fromSupplier(() -> ProbeResponse.fromAvailability(probe, this.availability));
		}
		return extension
			.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, false, probe.segments())
			.map((response) -> (response.getBody() != null)
					? new ProbeResponse(response.getStatus(), response.getBody())
					: ProbeResponse.fromAvailability(probe, this.availability));
	}

}
