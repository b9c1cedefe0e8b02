package dev.discovery.client.autoconfigure;

import dev.discovery.client.metrics.MicrometerResilienceMetrics;
import dev.discovery.client.resilience.OutlierDetector;
import dev.discovery.client.resilience.RetryPolicy;
import dev.discovery.client.resilience.RetryingLoadBalancerExchangeFilterFunction;
import dev.discovery.client.resilience.RetryingLoadBalancerInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.LoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancedExchangeFilterFunction;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancerBeanPostProcessorAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.config.BlockingLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryResilienceAutoConfigurationTests {

	private static final String SPECIFICATION = "discoveryResilienceSpecification";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DiscoveryResilienceAutoConfiguration.class, DiscoveryRetryAutoConfiguration.class,
					LoadBalancerAutoConfiguration.class, BlockingLoadBalancerClientAutoConfiguration.class,
					org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration.class,
					ReactorLoadBalancerClientAutoConfiguration.class,
					LoadBalancerBeanPostProcessorAutoConfiguration.class));

	@Test
	void defaultsShouldRetryAndEjectInEveryClientStyle() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(OutlierDetector.class)
				.hasSingleBean(RetryingLoadBalancerInterceptor.class)
				.hasSingleBean(RetryingLoadBalancerExchangeFilterFunction.class)
				.doesNotHaveBean(MicrometerResilienceMetrics.class);
			assertThat(context.getBeansOfType(LoadBalancerClientSpecification.class)).containsKey(SPECIFICATION);
			assertThat(context.getBeanProvider(BlockingLoadBalancerInterceptor.class).getIfAvailable())
				.isInstanceOf(RetryingLoadBalancerInterceptor.class);
			assertThat(context.getBeanProvider(LoadBalancedExchangeFilterFunction.class).getIfAvailable())
				.isInstanceOf(RetryingLoadBalancerExchangeFilterFunction.class);
		});
	}

	@Test
	void retryCanBeSwitchedOff() {
		this.runner.withPropertyValues("discovery.loadbalancer.retry.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(OutlierDetector.class)
				.hasSingleBean(LoadBalancerInterceptor.class)
				.doesNotHaveBean(RetryingLoadBalancerInterceptor.class)
				.doesNotHaveBean(RetryingLoadBalancerExchangeFilterFunction.class));
	}

	@Test
	void discoveryDisabledShouldLeaveLoadBalancerAlone() {
		this.runner.withPropertyValues("discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OutlierDetector.class)
				.doesNotHaveBean(SPECIFICATION)
				.doesNotHaveBean(RetryingLoadBalancerInterceptor.class));
	}

	@Test
	void withoutLoadBalancerThereShouldBeNothing() {
		this.runner.withClassLoader(new FilteredClassLoader(ServiceInstanceListSupplier.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OutlierDetector.class));
	}

	@Test
	void meterRegistryShouldEnableMetrics() {
		this.runner.withUserConfiguration(Meters.class)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerResilienceMetrics.class));
	}

	@Test
	void retryPolicyShouldFollowTheProperties() {
		this.runner.withPropertyValues("discovery.loadbalancer.retry.max-attempts=5",
				"discovery.loadbalancer.retry.max-retry-after=3s")
			.run((context) -> assertThat(context.getBean(RetryPolicy.class)).satisfies((policy) -> {
				assertThat(policy.maxAttempts()).isEqualTo(5);
				assertThat(policy.maxRetryAfter()).isEqualTo(java.time.Duration.ofSeconds(3));
			}));
	}

	@Test
	void userRetryPolicyShouldBeUsedByTheClients() {
		this.runner.withBean(RetryPolicy.class, () -> RetryPolicy.NONE)
			.run((context) -> assertThat(context).hasSingleBean(RetryPolicy.class)
				.hasSingleBean(RetryingLoadBalancerInterceptor.class)
				.getBean(RetryPolicy.class)
				.isSameAs(RetryPolicy.NONE));
	}

	@Test
	void userDetectorShouldWin() {
		this.runner.withUserConfiguration(UserDetector.class)
			.run((context) -> assertThat(context.getBean(OutlierDetector.class))
				.isSameAs(context.getBean(UserDetector.class).detector));
	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDetector {

		final OutlierDetector detector = new OutlierDetector(new OutlierDetector.Settings(1,
				java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 10));

		@Bean
		OutlierDetector userOutlierDetector() {
			return this.detector;
		}

	}

}
