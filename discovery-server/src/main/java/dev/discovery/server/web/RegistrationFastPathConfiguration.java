package dev.discovery.server.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.health.AddressVerifier;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;

/**
 * The registration fast path: registrations read and answered without Spring MVC's dispatch.
 */
@Configuration(proxyBeanMethods = false)
class RegistrationFastPathConfiguration {

	/** After the security filters (order -100), before Spring MVC. */
	@Bean
	FilterRegistrationBean<RegistrationFilter> registrationFilter(Registry registry, RegistrationValidator validator,
			ObjectProvider<AddressVerifier> addressVerifier, JsonMapper jsonMapper,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return FastPathFilter.registration(
				new RegistrationFilter(registry, validator, addressVerifier, jsonMapper, resolver), "/api/*");
	}

}
