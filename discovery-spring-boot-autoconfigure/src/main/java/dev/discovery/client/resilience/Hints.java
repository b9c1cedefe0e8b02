package dev.discovery.client.resilience;

import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;

/**
 * The LoadBalancer hint for a service ({@code spring.cloud.loadbalancer.hint.*}), read as LoadBalancer reads it.
 */
final class Hints {

	private Hints() {
	}

	static String of(ReactiveLoadBalancer.Factory<ServiceInstance> factory, String service) {
		Map<String, String> hints = factory.getProperties(service).getHint();
		String hint = hints.get(service);
		return (hint != null) ? hint : hints.getOrDefault("default", "default");
	}

}
