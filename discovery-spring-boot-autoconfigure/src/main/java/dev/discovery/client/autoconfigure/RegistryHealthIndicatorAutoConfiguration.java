package dev.discovery.client.autoconfigure;

import dev.discovery.client.health.RegistryHealthIndicator;
import dev.discovery.client.registry.RegistryClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health indicator, {@code discoveryRegistry}, that reports whether the registry answers.
 */
@AutoConfiguration(after = RegistryClientAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(RegistryClient.class)
@ConditionalOnEnabledHealthIndicator("discovery-registry")
public final class RegistryHealthIndicatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "discoveryRegistryHealthIndicator")
	RegistryHealthIndicator discoveryRegistryHealthIndicator(RegistryClient client) {
		return new RegistryHealthIndicator(client);
	}

}
