package dev.discovery.client.autoconfigure;

import java.util.List;

import dev.discovery.client.discovery.InstanceLookup;
import dev.discovery.client.discovery.RegistryDiscoveryClient;
import dev.discovery.client.discovery.RegistryReactiveDiscoveryClient;
import dev.discovery.client.health.RegistryHealthIndicator;
import dev.discovery.client.metrics.MicrometerRegistryMetrics;
import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.serviceregistry.DeregistrationLifecycle;
import dev.discovery.client.serviceregistry.DiscoveryAutoServiceRegistration;
import dev.discovery.client.serviceregistry.DiscoveryRegistration;
import dev.discovery.client.serviceregistry.DiscoveryServiceRegistry;
import dev.discovery.protocol.InstanceView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RegistryClientAutoConfiguration.class,
				DiscoveryClientAutoConfiguration.class, ReactiveDiscoveryClientAutoConfiguration.class,
				DiscoveryServiceRegistryAutoConfiguration.class, DiscoveryAutoRegistrationAutoConfiguration.class,
				DiscoveryMetricsAutoConfiguration.class, DiscoveryLoadBalancerAutoConfiguration.class,
				RegistryHealthIndicatorAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class,
				ServiceRegistryAutoConfiguration.class, AutoServiceRegistrationAutoConfiguration.class))
		.withPropertyValues("discovery.instance.host=127.0.0.1");

	@Test
	void defaultsShouldProvideEveryClientPiece() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RegistryClient.class)
			.hasSingleBean(RegistryDiscoveryClient.class)
			.hasSingleBean(RegistryReactiveDiscoveryClient.class)
			.hasSingleBean(DiscoveryServiceRegistry.class)
			.hasSingleBean(DiscoveryRegistration.class)
			.hasSingleBean(DiscoveryAutoServiceRegistration.class)
			.hasSingleBean(DeregistrationLifecycle.class)
			.hasSingleBean(RegistryHealthIndicator.class)
			.hasSingleBean(LoadBalancerZoneConfig.class)
			.doesNotHaveBean(RegistryMetrics.class));
	}

	@Test
	void discoveryDisabledShouldTurnEverythingOff() {
		this.runner.withPropertyValues("discovery.enabled=false").run(this::assertNothingConfigured);
	}

	@Test
	void springCloudDiscoveryDisabledShouldTurnEverythingOff() {
		this.runner.withPropertyValues("spring.cloud.discovery.enabled=false").run(this::assertNothingConfigured);
	}

	private void assertNothingConfigured(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		assertThat(context).doesNotHaveBean(RegistryClient.class)
			.doesNotHaveBean(RegistryDiscoveryClient.class)
			.doesNotHaveBean(DiscoveryServiceRegistry.class)
			.doesNotHaveBean(DiscoveryAutoServiceRegistration.class);
	}

	@Test
	void blockingDiscoveryDisabledShouldKeepTheReactiveClient() {
		this.runner.withPropertyValues("spring.cloud.discovery.blocking.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RegistryDiscoveryClient.class)
				.hasSingleBean(RegistryReactiveDiscoveryClient.class));
	}

	@Test
	void reactiveDiscoveryDisabledShouldKeepTheBlockingClient() {
		this.runner.withPropertyValues("spring.cloud.discovery.reactive.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RegistryReactiveDiscoveryClient.class)
				.hasSingleBean(RegistryDiscoveryClient.class));
	}

	@Test
	void autoRegistrationDisabledShouldKeepTheServiceRegistry() {
		this.runner.withPropertyValues("spring.cloud.service-registry.auto-registration.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DiscoveryAutoServiceRegistration.class)
				.doesNotHaveBean(DeregistrationLifecycle.class)
				.hasSingleBean(DiscoveryServiceRegistry.class));
	}

	@Test
	void serviceRegistryDisabledShouldTurnRegistrationOff() {
		this.runner.withPropertyValues("spring.cloud.service-registry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DiscoveryServiceRegistry.class)
				.doesNotHaveBean(DiscoveryAutoServiceRegistration.class)
				.hasSingleBean(RegistryDiscoveryClient.class));
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.discovery-registry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RegistryHealthIndicator.class));
	}

	@Test
	void userInstanceLookupShouldFeedTheDiscoveryClient() {
		this.runner.withUserConfiguration(UserLookupConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(InstanceLookup.class);
			assertThat(context.getBean(RegistryDiscoveryClient.class).getServices()).containsExactly("from-user");
		});
	}

	@Test
	void userBeansShouldWin() {
		this.runner.withUserConfiguration(UserBeansConfiguration.class)
			.run((context) -> assertThat(context.getBean(DiscoveryRegistration.class).getServiceId())
				.isEqualTo("custom"));
	}

	@Test
	void compositeDiscoveryClientShouldIncludeOurs() {
		this.runner.withUserConfiguration(UserLookupConfiguration.class)
			.run((context) -> assertThat(context.getBean(DiscoveryClient.class).getServices()).contains("from-user"));
	}

	@Test
	void meterRegistryShouldEnableMetrics() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerRegistryMetrics.class));
	}

	@Test
	void withoutMicrometerThereShouldBeNoMetrics() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RegistryMetrics.class));
	}

	@Test
	void withoutReactorThereShouldBeNoReactiveClient() {
		this.runner.withClassLoader(new FilteredClassLoader(Flux.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RegistryReactiveDiscoveryClient.class)
				.hasSingleBean(RegistryDiscoveryClient.class));
	}

	@Test
	void withoutLoadBalancerThereShouldBeNoZoneConfig() {
		this.runner.withClassLoader(new FilteredClassLoader(LoadBalancerZoneConfig.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LoadBalancerZoneConfig.class));
	}

	@Test
	void zoneConfigShouldTakeTheInstanceZone() {
		this.runner.withPropertyValues("discovery.instance.zone=eu-1")
			.run((context) -> assertThat(context.getBean(LoadBalancerZoneConfig.class).getZone()).isEqualTo("eu-1"));
	}

	@Test
	void loadBalancerZoneShouldWinOverTheInstanceZone() {
		this.runner.withPropertyValues("discovery.instance.zone=eu-1", "spring.cloud.loadbalancer.zone=eu-2")
			.run((context) -> assertThat(context.getBean(LoadBalancerZoneConfig.class).getZone()).isEqualTo("eu-2"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserLookupConfiguration {

		@Bean
		InstanceLookup userLookup() {
			return new InstanceLookup() {

				@Override
				public List<String> services() {
					return List.of("from-user");
				}

				@Override
				public List<InstanceView> instances(String service) {
					return List.of();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		@Bean
		DiscoveryRegistration customRegistration() {
			return new DiscoveryRegistration("custom", "custom-1", dev.discovery.protocol.InstanceRegistration.of("h", 1));
		}

	}

}
