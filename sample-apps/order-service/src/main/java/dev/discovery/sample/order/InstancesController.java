package dev.discovery.sample.order;

import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows what order-service knows of a service: the instances its {@link DiscoveryClient} lists, read from the local
 * view the registry pushes to it (no network call per look-up).
 */
@RestController
class InstancesController {

	private final DiscoveryClient discovery;

	InstancesController(DiscoveryClient discovery) {
		this.discovery = discovery;
	}

	@GetMapping("/instances/{service}")
	List<Instance> instances(@PathVariable String service) {
		return this.discovery.getInstances(service).stream().map(Instance::of).toList();
	}

	/**
	 * An instance as the discovery client lists it.
	 *
	 * @param instanceId the instance id
	 * @param host the host callers use
	 * @param port the port callers use
	 * @param metadata the instance's metadata, with {@code zone} and {@code weight}
	 */
	record Instance(String instanceId, String host, int port, Map<String, String> metadata) {

		static Instance of(ServiceInstance instance) {
			return new Instance(instance.getInstanceId(), instance.getHost(), instance.getPort(),
					instance.getMetadata());
		}

	}

}
