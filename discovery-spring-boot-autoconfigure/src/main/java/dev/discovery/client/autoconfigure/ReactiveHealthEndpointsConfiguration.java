package dev.discovery.client.autoconfigure;

import dev.discovery.client.health.ProbeResponse;
import dev.discovery.client.health.ReactiveActuatorProbeResponder;
import dev.discovery.client.health.ReactiveHealthRoutes;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The health endpoints on Spring WebFlux.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
class ReactiveHealthEndpointsConfiguration {

	private static final String ACTUATOR = "org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = ACTUATOR)
	static class ActuatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "discoveryHealthRoutes")
		RouterFunction<ServerResponse> discoveryHealthRoutes(DiscoveryProperties properties,
				ApplicationAvailability availability, ObjectProvider<ReactiveHealthEndpointWebExtension> health) {
			return ReactiveHealthRoutes.routes(DiscoveryHealthEndpointsAutoConfiguration.enabledProbes(properties),
					new ReactiveActuatorProbeResponder(health, availability));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(ACTUATOR)
	static class AvailabilityConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "discoveryHealthRoutes")
		RouterFunction<ServerResponse> discoveryHealthRoutes(DiscoveryProperties properties,
				ApplicationAvailability availability) {
			return ReactiveHealthRoutes.routes(DiscoveryHealthEndpointsAutoConfiguration.enabledProbes(properties),
					(probe) -> Mono.fromSupplier(() -> ProbeResponse.fromAvailability(probe, availability)));
		}

	}

}
