package dev.discovery.sample.inventory;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows what the Eureka client knows of a service: the instances its {@link DiscoveryClient} lists, from the copy
 * of the registry it fetches.
 */
@RestController
class InstancesController {

	private final DiscoveryClient discovery;

	InstancesController(DiscoveryClient discovery) {
		this.discovery = discovery;
	}

	@GetMapping("/instances/{service}")
	List<Instance> instances(@PathVariable String service) {
		return this.discovery.getInstances(service)
			.stream()
			.map((instance) -> new Instance(instance.getInstanceId(), instance.getHost(), instance.getPort()))
			.toList();
	}

	/**
	 * An instance as the Eureka discovery client lists it.
	 *
	 * @param instanceId the instance id
	 * @param host the host callers use
	 * @param port the port callers use
	 */
	record Instance(String instanceId, String host, int port) {
	}

}
