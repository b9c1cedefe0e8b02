package dev.discovery.client.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.discovery.client.resilience.RetryListener;
import dev.discovery.client.resilience.RetryPolicy;
import dev.discovery.client.resilience.RetryingLoadBalancerExchangeFilterFunction;
import dev.discovery.client.resilience.RetryingLoadBalancerInterceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerRequestFactory;
import org.springframework.cloud.client.loadbalancer.LoadBalancerRequestTransformer;
import org.springframework.cloud.client.loadbalancer.RestTemplateCustomizer;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancerClientRequestTransformer;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.BlockingLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Retries on another instance for {@code @LoadBalanced} {@code RestTemplate}, {@code RestClient} and
 * {@code WebClient}, unless {@code discovery.loadbalancer.retry.enabled=false}: the starter's interceptor and
 * exchange filter take the place of Spring Cloud LoadBalancer's (they are {@code @Primary}, and LoadBalancer's
 * builders resolve theirs lazily). The {@link RetryPolicy} is a bean, for retries of one's own (the gateway sample's
 * routes use it).
 */
@AutoConfiguration(after = { BlockingLoadBalancerClientAutoConfiguration.class, DiscoveryResilienceAutoConfiguration.class },
		before = { org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration.class,
				ReactorLoadBalancerClientAutoConfiguration.class })
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnClass(ServiceInstanceListSupplier.class)
@ConditionalOnBooleanProperty(name = "discovery.loadbalancer.retry.enabled", matchIfMissing = true)
public final class DiscoveryRetryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RetryPolicy discoveryRetryPolicy(DiscoveryLoadBalancerProperties properties) {
		DiscoveryLoadBalancerProperties.Retry retry = properties.getRetry();
		return new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff(),
				retry.getMaxRetryAfter());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestTemplate.class)
	@ConditionalOnBean(LoadBalancerClient.class)
	static class BlockingRetryConfiguration {

		@Bean
		@Primary
		@ConditionalOnMissingBean
		RetryingLoadBalancerInterceptor discoveryRetryingLoadBalancerInterceptor(LoadBalancerClient loadBalancer,
				ObjectProvider<LoadBalancerRequestTransformer> transformers,
				ReactiveLoadBalancer.Factory<ServiceInstance> factory, RetryPolicy policy,
				ObjectProvider<RetryListener> listener) {
			List<LoadBalancerRequestTransformer> ordered = new ArrayList<>(transformers.orderedStream().toList());
			return new RetryingLoadBalancerInterceptor(loadBalancer,
					new LoadBalancerRequestFactory(loadBalancer, ordered), factory, policy,
					listener.getIfAvailable(() -> RetryListener.NONE));
		}

		@Bean
		@ConditionalOnMissingBean
		RestTemplateCustomizer discoveryRetryingRestTemplateCustomizer(RetryingLoadBalancerInterceptor interceptor) {
			return (restTemplate) -> {
				var interceptors = new ArrayList<>(restTemplate.getInterceptors());
				interceptors.add(interceptor);
				restTemplate.setInterceptors(interceptors);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClient.class)
	@ConditionalOnBean(ReactiveLoadBalancer.Factory.class)
	static class ReactiveRetryConfiguration {

		@Bean
		@Primary
		@ConditionalOnMissingBean
		RetryingLoadBalancerExchangeFilterFunction discoveryRetryingExchangeFilterFunction(
				ReactiveLoadBalancer.Factory<ServiceInstance> factory,
				ObjectProvider<LoadBalancerClientRequestTransformer> transformers,
				RetryPolicy policy, ObjectProvider<RetryListener> listener) {
			return new RetryingLoadBalancerExchangeFilterFunction(factory, transformers.orderedStream().toList(),
					policy, listener.getIfAvailable(() -> RetryListener.NONE));
		}

	}

}
