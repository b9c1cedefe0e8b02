package dev.discovery.client.autoconfigure;

import dev.discovery.client.health.ActuatorProbeResponder;
import dev.discovery.client.health.ProbeResponse;
import dev.discovery.client.health.ServletHealthRoutes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The health endpoints on Spring Web MVC.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
class ServletHealthEndpointsConfiguration {

	private static final String ACTUATOR = "org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = ACTUATOR)
	static class ActuatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "discoveryHealthRoutes")
		RouterFunction<ServerResponse> discoveryHealthRoutes(DiscoveryProperties properties,
				ApplicationAvailability availability, ObjectProvider<HealthEndpointWebExtension> health) {
			return ServletHealthRoutes.routes(DiscoveryHealthEndpointsAutoConfiguration.enabledProbes(properties),
					new ActuatorProbeResponder(health, availability));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(ACTUATOR)
	static class AvailabilityConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "discoveryHealthRoutes")
		RouterFunction<ServerResponse> discoveryHealthRoutes(DiscoveryProperties properties,
				ApplicationAvailability availability) {
			return ServletHealthRoutes.routes(DiscoveryHealthEndpointsAutoConfiguration.enabledProbes(properties),
					(probe) -> ProbeResponse.fromAvailability(probe, availability));
		}

	}

}
