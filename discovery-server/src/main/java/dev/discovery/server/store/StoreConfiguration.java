package dev.discovery.server.store;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.registry.Registry;

/**
 * The in-memory store, the default ({@code discovery.server.store=memory}), durable through the {@link Journal}
 * bean when there is one ({@code discovery.server.snapshot.enabled}, on by default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "discovery.server.store", havingValue = "memory", matchIfMissing = true)
class StoreConfiguration {

	@Bean
	@ConditionalOnMissingBean(Registry.class)
	MemoryStore registry(Clock clock, LimitsProperties limits, ObjectProvider<Journal> journal) {
		MemoryStore store = new MemoryStore(clock, limits.getMaxInstancesPerService(), limits.getMaxInstances(),
				journal.getIfAvailable(() -> Journal.NONE));
		store.recover();
		return store;
	}

}
