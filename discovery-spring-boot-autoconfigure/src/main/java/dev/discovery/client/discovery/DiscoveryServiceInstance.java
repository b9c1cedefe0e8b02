package dev.discovery.client.discovery;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.discovery.client.serviceregistry.InstanceUris;
import dev.discovery.protocol.InstanceView;

import org.springframework.cloud.client.ServiceInstance;

/**
 * A registry instance as Spring Cloud sees it. Its metadata carries {@code zone} and {@code weight}, the keys
 * Spring Cloud LoadBalancer's zone-preference and weighted suppliers read.
 *
 * @param view the registry's view of the instance
 * @param metadata the metadata, with {@code zone} and {@code weight} added
 */
public record DiscoveryServiceInstance(InstanceView view, Map<String, String> metadata) implements ServiceInstance {

	/**
	 * Adapts a registry view.
	 * @param view the view
	 * @return the service instance
	 */
	public static DiscoveryServiceInstance of(InstanceView view) {
		Map<String, String> metadata = new LinkedHashMap<>((view.metadata() != null) ? view.metadata() : Map.of());
		if (view.zone() != null) {
			metadata.put("zone", view.zone());
		}
		metadata.put("weight", Integer.toString(view.weight()));
		return new DiscoveryServiceInstance(view, Map.copyOf(metadata));
	}

	@Override
	public String getInstanceId() {
		return this.view.instanceId();
	}

	@Override
	public String getServiceId() {
		return this.view.service();
	}

	@Override
	public String getHost() {
		return this.view.host();
	}

	@Override
	public int getPort() {
		return this.view.port();
	}

	@Override
	public boolean isSecure() {
		return this.view.secure();
	}

	@Override
	public URI getUri() {
		return InstanceUris.of(this);
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	@Override
	public String getScheme() {
		return this.view.secure() ? "https" : "http";
	}

}
