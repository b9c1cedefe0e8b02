package dev.discovery.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.registry.Registry;

/**
 * The registry's own meters.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistryMetrics registryMetrics(Registry registry, MeterRegistry meters) {
		return new RegistryMetrics(registry, meters);
	}

}
