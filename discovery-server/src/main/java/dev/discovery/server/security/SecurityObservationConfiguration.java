package dev.discovery.server.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * With Spring Security's observations switched off ({@code management.observations.enable.spring.security=false},
 * the registry's default), Spring Security is also told so: otherwise it still wraps every filter of its chain in an
 * observing decorator on every request, whose observations are then dropped (about a tenth of a registration's
 * CPU time). Setting the property to {@code true} brings both back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "management.observations.enable.spring.security", havingValue = false)
class SecurityObservationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

}
