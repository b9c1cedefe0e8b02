package dev.discovery.client.autoconfigure;

import java.util.function.Function;

import dev.discovery.client.health.Probe;
import dev.discovery.client.health.ProbeResponse;
import dev.discovery.client.health.ReactiveActuatorProbeResponder;
import dev.discovery.client.health.ReactiveHealthRoutes;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The health endpoints on Spring WebFlux: answered like Actuator's health endpoint when Actuator is there, from the
 * availability state when it is not.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
class ReactiveHealthEndpointsConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "discoveryHealthRoutes")
	RouterFunction<ServerResponse> discoveryHealthRoutes(DiscoveryProperties properties,
			ApplicationAvailability availability, ObjectProvider<ReactiveActuatorProbeResponder> actuator) {
		Function<Probe, Mono<ProbeResponse>> responder = actuator.getIfAvailable();
		if (responder == null) {
			responder = (probe) -> Mono.fromSupplier(() -> ProbeResponse.fromAvailability(probe, availability));
		}
		return ReactiveHealthRoutes.routes(DiscoveryHealthEndpointsAutoConfiguration.enabledProbes(properties),
				responder);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension")
	static class ActuatorConfiguration {

		@Bean
		ReactiveActuatorProbeResponder discoveryActuatorProbeResponder(
				ObjectProvider<ReactiveHealthEndpointWebExtension> health, ApplicationAvailability availability) {
			return new ReactiveActuatorProbeResponder(health, availability);
		}

	}

}
