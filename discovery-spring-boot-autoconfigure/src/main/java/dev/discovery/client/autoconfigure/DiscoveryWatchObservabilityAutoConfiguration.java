package dev.discovery.client.autoconfigure;

import dev.discovery.client.watch.RegistryView;
import dev.discovery.client.watch.RegistryWatch;
import dev.discovery.client.watch.WatchHealthIndicator;
import dev.discovery.client.watch.WatchMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The watch in health ({@code discoveryWatch}) and metrics ({@code discovery.client.watch.*}), so an application
 * running on its last known view while the registry is unreachable shows it.
 */
@AutoConfiguration(after = DiscoveryWatchAutoConfiguration.class)
@ConditionalOnBean(RegistryWatch.class)
public final class DiscoveryWatchObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("discovery-watch")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "discoveryWatchHealthIndicator")
		WatchHealthIndicator discoveryWatchHealthIndicator(RegistryWatch watch, RegistryView view) {
			return new WatchHealthIndicator(watch, view);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WatchMeterBinder discoveryWatchMeterBinder(RegistryWatch watch, RegistryView view) {
			return new WatchMeterBinder(watch, view);
		}

	}

}
