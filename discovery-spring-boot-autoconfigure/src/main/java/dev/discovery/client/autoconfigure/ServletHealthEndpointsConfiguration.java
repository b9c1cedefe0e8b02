package dev.discovery.client.autoconfigure;

import java.util.function.Function;

import dev.discovery.client.health.ActuatorProbeResponder;
import dev.discovery.client.health.Probe;
import dev.discovery.client.health.ProbeResponse;
import dev.discovery.client.health.ServletHealthRoutes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The health endpoints on Spring Web MVC: answered like Actuator's health endpoint when Actuator is there, from the
 * availability state when it is not.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
class ServletHealthEndpointsConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "discoveryHealthRoutes")
	RouterFunction<ServerResponse> discoveryHealthRoutes(DiscoveryProperties properties,
			ApplicationAvailability availability, ObjectProvider<ActuatorProbeResponder> actuator) {
		Function<Probe, ProbeResponse> responder = actuator.getIfAvailable();
		if (responder == null) {
			responder = (probe) -> ProbeResponse.fromAvailability(probe, availability);
		}
		return ServletHealthRoutes.routes(DiscoveryHealthEndpointsAutoConfiguration.enabledProbes(properties),
				responder);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension")
	static class ActuatorConfiguration {

		@Bean
		ActuatorProbeResponder discoveryActuatorProbeResponder(ObjectProvider<HealthEndpointWebExtension> health,
				ApplicationAvailability availability) {
			return new ActuatorProbeResponder(health, availability);
		}

	}

}
