package dev.discovery.client.autoconfigure;

import java.util.EnumSet;
import java.util.Set;

import dev.discovery.client.health.Probe;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * {@code /health}, {@code /health/ready} and {@code /health/live} on the application's own port, answering like
 * Actuator's health endpoint and its readiness and liveness groups, on Web MVC and WebFlux. Off with the rest of
 * the client ({@code discovery.enabled}, {@code spring.cloud.discovery.enabled}).
 */
@AutoConfiguration(after = ApplicationAvailabilityAutoConfiguration.class,
		afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration")
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnBooleanProperty(name = "discovery.health-endpoints.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DiscoveryProperties.class)
@Import({ ServletHealthEndpointsConfiguration.class, ReactiveHealthEndpointsConfiguration.class })
public final class DiscoveryHealthEndpointsAutoConfiguration {

	static Set<Probe> enabledProbes(DiscoveryProperties properties) {
		DiscoveryProperties.HealthEndpoints endpoints = properties.getHealthEndpoints();
		Set<Probe> probes = EnumSet.noneOf(Probe.class);
		if (endpoints.isHealth()) {
			probes.add(Probe.HEALTH);
		}
		if (endpoints.isReady()) {
			probes.add(Probe.READY);
		}
		if (endpoints.isLive()) {
			probes.add(Probe.LIVE);
		}
		return probes;
	}

}
