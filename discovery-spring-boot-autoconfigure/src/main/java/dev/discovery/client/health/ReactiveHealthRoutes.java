package dev.discovery.client.health;

import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The health endpoints for Spring WebFlux.
 */
public final class ReactiveHealthRoutes {

	private ReactiveHealthRoutes() {
	}

	/**
	 * Routes the enabled probes.
	 * @param probes the probes to serve (at least one)
	 * @param responder answers one probe
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> routes(Set<Probe> probes,
			Function<Probe, Mono<ProbeResponse>> responder) {
		RouterFunctions.Builder builder = RouterFunctions.route();
		for (Probe probe : probes) {
			builder.GET(probe.path(), (request) -> responder.apply(probe)
				.flatMap((response) -> ServerResponse.status(response.status())
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(response.body())));
		}
		return builder.build();
	}

}
