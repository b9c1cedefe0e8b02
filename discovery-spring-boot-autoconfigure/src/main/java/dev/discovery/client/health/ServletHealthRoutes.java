package dev.discovery.client.health;

import java.util.Set;
import java.util.function.Function;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The health endpoints for Spring Web MVC.
 */
public final class ServletHealthRoutes {

	private ServletHealthRoutes() {
	}

	/**
	 * Routes the enabled probes.
	 * @param probes the probes to serve (at least one)
	 * @param responder answers one probe
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> routes(Set<Probe> probes, Function<Probe, ProbeResponse> responder) {
		RouterFunctions.Builder builder = RouterFunctions.route();
		for (Probe probe : probes) {
			builder.GET(probe.path(), (request) -> {
				ProbeResponse response = responder.apply(probe);
				return ServerResponse.status(response.status())
					.contentType(MediaType.APPLICATION_JSON)
					.body(response.body());
			});
		}
		return builder.build();
	}

}
