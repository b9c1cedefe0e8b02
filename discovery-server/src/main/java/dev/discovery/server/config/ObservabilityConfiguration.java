package dev.discovery.server.config;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.metrics.RegistryMetrics;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.snapshot.SnapshotStore;

/**
 * Metrics and the snapshot that keeps the registry across restarts.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	RegistryMetrics registryMetrics(Registry registry, MeterRegistry meters) {
		return new RegistryMetrics(registry, meters);
	}

	@Bean
	@ConditionalOnProperty(name = "discovery.server.snapshot.enabled", matchIfMissing = true)
	SnapshotStore snapshotStore(Registry registry, DiscoveryServerProperties properties, Clock clock) {
		return new SnapshotStore(registry, properties.getSnapshot().getPath(), clock);
	}

}
