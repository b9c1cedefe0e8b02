package dev.discovery.client.discovery;

import java.util.List;

import dev.discovery.protocol.InstanceView;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Where the discovery clients look services up. Today every lookup asks the registry; a watch-fed local cache can
 * replace it without touching the clients.
 */
public interface InstanceLookup {

	/**
	 * The names of the registered services.
	 * @return the service names
	 */
	List<String> services();

	/**
	 * The instances callers should use.
	 * @param service the service name
	 * @return the passing instances; empty if the service is unknown
	 */
	List<InstanceView> instances(String service);

	/**
	 * The instances callers should use, as Spring Cloud service instances.
	 * @param service the service name
	 * @return the passing instances; empty if the service is unknown
	 */
	default List<ServiceInstance> serviceInstances(String service) {
		return instances(service).stream().<ServiceInstance>map(DiscoveryServiceInstance::of).toList();
	}

	/**
	 * Checks that lookups can be answered.
	 * @throws RuntimeException if they cannot
	 */
	default void probe() {
		services();
	}

}
