package dev.discovery.client.discovery;

import java.util.List;
import java.util.Locale;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.ServiceSummary;

/**
 * Answers every lookup with a request to the registry.
 */
public class RegistryInstanceLookup implements InstanceLookup {

	private final RegistryClient client;

	/**
	 * Creates a lookup.
	 * @param client the registry client
	 */
	public RegistryInstanceLookup(RegistryClient client) {
		this.client = client;
	}

	@Override
	public List<String> services() {
		return this.client.services().stream().map(ServiceSummary::name).toList();
	}

	@Override
	public List<InstanceView> instances(String service) {
		// Spring Cloud passes the host of lb://Payment-Service as written; registry names are lower-case labels.
		return this.client.instances(service.toLowerCase(Locale.ROOT), true);
	}

}
