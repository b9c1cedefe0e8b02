package dev.discovery.client.resilience;

import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;

/**
 * What a service's LoadBalancer properties say that the starter honours: the hint
 * ({@code spring.cloud.loadbalancer.hint.*}) and whether retries are on
 * ({@code spring.cloud.loadbalancer[.clients.<service>].retry.enabled}), read as LoadBalancer reads them.
 */
final class Hints {

	private Hints() {
	}

	static String of(ReactiveLoadBalancer.Factory<ServiceInstance> factory, String service) {
		Map<String, String> hints = factory.getProperties(service).getHint();
		String hint = hints.get(service);
		return (hint != null) ? hint : hints.getOrDefault("default", "default");
	}

	/** Whether Spring Cloud LoadBalancer's retry switch, global or for this service, leaves retries on. */
	static boolean retries(ReactiveLoadBalancer.Factory<ServiceInstance> factory, String service) {
		return factory.getProperties(service).getRetry().isEnabled();
	}

}
