package dev.discovery.client.autoconfigure;

import java.time.Clock;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.serviceregistry.Backoff;
import dev.discovery.client.serviceregistry.DiscoveryRegistration;
import dev.discovery.client.serviceregistry.DiscoveryServiceRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Spring Cloud's {@code ServiceRegistry} and this application's {@code Registration}, with the scheduler that sends
 * heartbeats.
 */
@AutoConfiguration(after = RegistryClientAutoConfiguration.class, before = ServiceRegistryAutoConfiguration.class)
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnBooleanProperty(name = "spring.cloud.service-registry.enabled", matchIfMissing = true)
public final class DiscoveryServiceRegistryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DiscoveryRegistration discoveryRegistration(DiscoveryProperties properties, Environment environment) {
		return RegistrationFactory.create(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean(name = "discoveryTaskScheduler")
	ThreadPoolTaskScheduler discoveryTaskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("discovery-");
		scheduler.setDaemon(true);
		scheduler.setPoolSize(1);
		return scheduler;
	}

	@Bean
	@ConditionalOnMissingBean
	DiscoveryServiceRegistry discoveryServiceRegistry(RegistryClient client,
			@Qualifier("discoveryTaskScheduler") ThreadPoolTaskScheduler scheduler, DiscoveryProperties properties,
			ObjectProvider<RegistryMetrics> metrics, ObjectProvider<Clock> clock) {
		DiscoveryProperties.Retry retry = properties.getRetry();
		DiscoveryServiceRegistry.Settings settings = new DiscoveryServiceRegistry.Settings(
				properties.getHeartbeat().getInterval(),
				new Backoff(retry.getInitialInterval(), retry.getMaxInterval()), properties.isFailFast(),
				metrics.getIfAvailable(() -> RegistryMetrics.NONE), clock.getIfAvailable(Clock::systemUTC));
		return new DiscoveryServiceRegistry(client, scheduler, settings);
	}

}
