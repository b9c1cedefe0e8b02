package dev.discovery.server.snapshot;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.registry.Registry;

/**
 * The snapshot that keeps the registry across restarts, unless {@code discovery.server.snapshot.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SnapshotProperties.class)
@ConditionalOnBooleanProperty(name = "discovery.server.snapshot.enabled", matchIfMissing = true)
// A shared store (etcd) keeps the state itself; a local snapshot of it would only go stale.
@ConditionalOnProperty(name = "discovery.server.store", havingValue = "memory", matchIfMissing = true)
class SnapshotConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SnapshotStore snapshotStore(ObjectProvider<Registry> registry, SnapshotProperties properties, Clock clock) {
		return new SnapshotStore(registry::getObject, properties.getPath(), clock);
	}

}
