package dev.discovery.client.discovery;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.cloud.loadbalancer.core.DiscoveryClientServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.WeightedServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ZonePreferenceServiceInstanceListSupplier;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registry zone and weight reach Spring Cloud LoadBalancer's own suppliers, fed as LoadBalancer feeds them.
 */
class LoadBalancerSuppliersTests {

	private final InstanceLookup lookup = Views.lookup(Views.view("a", "eu-1", 1), Views.view("b", "eu-1", 3),
			Views.view("c", "us-1", 1));

	private final ServiceInstanceListSupplier discovery = new DiscoveryClientServiceInstanceListSupplier(
			new RegistryReactiveDiscoveryClient(this.lookup),
			new MockEnvironment().withProperty("loadbalancer.client.name", "payment"));

	@Test
	void zonePreferenceShouldKeepInstancesOfTheCallersZone() {
		ServiceInstanceListSupplier zoned = new ZonePreferenceServiceInstanceListSupplier(this.discovery,
				new LoadBalancerZoneConfig("eu-1"));
		assertThat(ids(zoned.get().blockFirst())).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void weightedSupplierShouldRepeatInstancesByWeight() {
		ServiceInstanceListSupplier weighted = new WeightedServiceInstanceListSupplier(this.discovery);
		List<String> ids = ids(weighted.get().blockFirst());
		assertThat(ids).hasSize(5);
		assertThat(ids.stream().filter("b"::equals)).hasSize(3);
	}

	private static List<String> ids(List<ServiceInstance> instances) {
		return instances.stream().map(ServiceInstance::getInstanceId).toList();
	}

}
