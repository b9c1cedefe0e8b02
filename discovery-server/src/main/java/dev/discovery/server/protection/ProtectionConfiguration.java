package dev.discovery.server.protection;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.registry.Registry;

/**
 * Protection mode and its meters. It hears of changes through the change feed and holds back expiry as the
 * registry's {@link dev.discovery.server.registry.ExpiryGuard}. Losses count per {@link Tenants tenant} when the
 * security feature provides them (tokens configured), else the whole registry is one tenant.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProtectionProperties.class)
class ProtectionConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProtectionMode protectionMode(Registry registry, Clock clock, ProtectionProperties properties,
			ObjectProvider<Tenants> tenants) {
		return new ProtectionMode(registry, clock, properties.toSettings(), tenants.getIfAvailable(() -> Tenants.ONE));
	}

	@Bean
	@ConditionalOnMissingBean
	ProtectionMetrics protectionMetrics(ProtectionMode protection, MeterRegistry meters) {
		return new ProtectionMetrics(protection, meters);
	}

}
