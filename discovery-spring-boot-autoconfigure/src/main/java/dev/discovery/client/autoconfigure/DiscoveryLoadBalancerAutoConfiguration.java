package dev.discovery.client.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Makes this instance's {@code discovery.instance.zone} the zone Spring Cloud LoadBalancer's zone-preference
 * supplier prefers, unless {@code spring.cloud.loadbalancer.zone} is set. Instances' {@code zone} and
 * {@code weight} reach the suppliers through their metadata.
 */
@AutoConfiguration(before = LoadBalancerAutoConfiguration.class)
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnClass(LoadBalancerZoneConfig.class)
public final class DiscoveryLoadBalancerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LoadBalancerZoneConfig zoneConfig(Environment environment) {
		String zone = environment.getProperty("spring.cloud.loadbalancer.zone",
				environment.getProperty("discovery.instance.zone", ""));
		return new LoadBalancerZoneConfig(zone.isEmpty() ? null : zone);
	}

}
