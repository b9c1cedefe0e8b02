package dev.discovery.client.discovery;

import java.util.List;
import java.util.Locale;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.ServiceSummary;
import org.jspecify.annotations.Nullable;

/**
 * Answers every lookup with a request to the registry; the list of services falls back to the last one the registry
 * gave while it cannot be reached.
 */
public class RegistryInstanceLookup implements InstanceLookup {

	private final RegistryClient client;

	private volatile @Nullable List<String> lastServices;

	/**
	 * Creates a lookup.
	 * @param client the registry client
	 */
	public RegistryInstanceLookup(RegistryClient client) {
		this.client = client;
	}

	/**
	 * The registry's service names; while it cannot be asked, the names it last gave (the last known good view),
	 * or the failure when it never answered.
	 */
	@Override
	public List<String> services() {
		try {
			List<String> names = fetchServices();
			this.lastServices = names;
			return names;
		}
		catch (RegistryException ex) {
			List<String> last = this.lastServices;
			boolean unreachable = ex.getStatus() == RegistryException.NO_RESPONSE || ex.getStatus() >= 500;
			if (last == null || !unreachable) {
				throw ex;
			}
			return last;
		}
	}

	/** Asks the registry itself: a probe never answers from what it said before. */
	@Override
	public void probe() {
		fetchServices();
	}

	private List<String> fetchServices() {
		return this.client.services().stream().map(ServiceSummary::name).toList();
	}

	@Override
	public List<InstanceView> instances(String service) {
		// Spring Cloud passes the host of lb://Payment-Service as written; registry names are lower-case labels.
		return this.client.instances(service.toLowerCase(Locale.ROOT), true);
	}

}
