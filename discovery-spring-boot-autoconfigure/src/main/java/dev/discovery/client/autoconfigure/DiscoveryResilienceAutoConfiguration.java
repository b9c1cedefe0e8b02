package dev.discovery.client.autoconfigure;

import java.util.List;
import java.util.function.Function;

import dev.discovery.client.discovery.InstanceLookup;
import dev.discovery.client.metrics.MicrometerResilienceMetrics;
import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.resilience.OutlierDetector;
import dev.discovery.client.resilience.SuspectReporter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Passive ejection in every service's load balancer ({@link LoadBalancerResilienceConfiguration}), the
 * {@link OutlierDetector} behind it, its meters, and the reports of ejected instances to the registry. Retries are configured by
 * {@link DiscoveryRetryAutoConfiguration}; they rely on the ejecting supplier to skip the instances a call tried.
 */
@AutoConfiguration(before = LoadBalancerAutoConfiguration.class, after = RegistryClientAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnClass(ServiceInstanceListSupplier.class)
@EnableConfigurationProperties(DiscoveryLoadBalancerProperties.class)
public final class DiscoveryResilienceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OutlierDetector discoveryOutlierDetector(DiscoveryLoadBalancerProperties properties) {
		DiscoveryLoadBalancerProperties.Ejection ejection = properties.getEjection();
		return new OutlierDetector(new OutlierDetector.Settings(ejection.getConsecutiveFailures(),
				ejection.getBaseTime(), ejection.getMaxTime(), ejection.getMaxEjectionPercent()));
	}

	@Bean
	LoadBalancerClientSpecification discoveryResilienceSpecification() {
		return new LoadBalancerClientSpecification("default." + LoadBalancerResilienceConfiguration.class.getName(),
				new Class<?>[] { LoadBalancerResilienceConfiguration.class });
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RegistryClient.class)
	@ConditionalOnBooleanProperty(name = "discovery.loadbalancer.suspect.enabled", matchIfMissing = true)
	SuspectReporter discoverySuspectReporter(RegistryClient registry, ObjectProvider<InstanceLookup> lookup,
			OutlierDetector detector, DiscoveryLoadBalancerProperties properties) {
		DiscoveryLoadBalancerProperties.Suspect suspect = properties.getSuspect();
		Function<String, List<ServiceInstance>> instances = (service) -> {
			InstanceLookup known = lookup.getIfAvailable();
			return (known != null) ? known.serviceInstances(service) : List.of();
		};
		SuspectReporter reporter = new SuspectReporter(registry, instances, suspect.getMinInterval(),
				suspect.getMaxPending());
		detector.addListener(reporter);
		return reporter;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrometerResilienceMetrics discoveryResilienceMetrics(MeterRegistry meterRegistry, OutlierDetector detector) {
			return new MicrometerResilienceMetrics(meterRegistry, detector);
		}

	}

}
