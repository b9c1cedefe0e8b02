package dev.discovery.server.eureka;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistrationValidator;

/**
 * The Eureka REST API under {@code /eureka} on the registry's HTTP port, on unless
 * {@code discovery.server.eureka.enabled=false}. The controllers are found by component scanning, under the same
 * condition.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "discovery.server.eureka.enabled", matchIfMissing = true)
class EurekaConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeltaWindow eurekaDeltaWindow(EurekaProperties properties) {
		return new DeltaWindow(properties.getDeltaRetention(), properties.getDeltaCapacity(), System::nanoTime);
	}

	@Bean
	EurekaMetrics eurekaMetrics(ObjectProvider<MeterRegistry> meters) {
		return new EurekaMetrics(meters.getIfAvailable());
	}

	@Bean
	EurekaJson eurekaJson(JsonMapper jsonMapper) {
		return new EurekaJson(jsonMapper);
	}

	@Bean
	EurekaMapping eurekaMapping(RegistrationValidator validator) {
		return new EurekaMapping(validator);
	}

	@Bean
	EurekaDocuments eurekaDocuments(Registry registry, DeltaWindow window, EurekaJson json) {
		return new EurekaDocuments(registry, window, json);
	}

	/** After the security filters (order -100), before Spring MVC, like the v1 heartbeat filter. */
	@Bean
	FilterRegistrationBean<EurekaRenewFilter> eurekaRenewFilter(Registry registry,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return FastPathFilter.registration(new EurekaRenewFilter(registry, resolver), "/eureka/*");
	}

}
