package dev.discovery.client.discovery;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Spring Cloud's blocking {@link DiscoveryClient} over the registry. Lists only passing instances.
 */
public class RegistryDiscoveryClient implements DiscoveryClient {

	private final InstanceLookup lookup;

	private final int order;

	/**
	 * Creates a client at the default order.
	 * @param lookup where instances are looked up
	 */
	public RegistryDiscoveryClient(InstanceLookup lookup) {
		this(lookup, DiscoveryClient.DEFAULT_ORDER);
	}

	/**
	 * Creates a client.
	 * @param lookup where instances are looked up
	 * @param order where it stands among the application's discovery clients ({@code discovery.order}): the
	 * composite client asks the lowest first
	 */
	public RegistryDiscoveryClient(InstanceLookup lookup, int order) {
		this.lookup = lookup;
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public String description() {
		return "Discovery registry client";
	}

	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		return this.lookup.serviceInstances(serviceId);
	}

	@Override
	public List<String> getServices() {
		return this.lookup.services();
	}

	@Override
	public void probe() {
		this.lookup.probe();
	}

}
