package dev.discovery.client.autoconfigure;

import dev.discovery.client.metrics.MicrometerRegistryMetrics;
import dev.discovery.client.registry.RegistryMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of registrations, heartbeats and registry requests.
 */
@AutoConfiguration(before = RegistryClientAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class DiscoveryMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistryMetrics discoveryRegistryMetrics(MeterRegistry meterRegistry) {
		return new MicrometerRegistryMetrics(meterRegistry);
	}

}
