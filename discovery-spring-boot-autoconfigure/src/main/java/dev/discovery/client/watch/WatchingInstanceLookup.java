package dev.discovery.client.watch;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.discovery.client.discovery.DiscoveryServiceInstance;
import dev.discovery.client.discovery.InstanceLookup;
import dev.discovery.protocol.InstanceView;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Answers instance lookups from the watch-fed {@link RegistryView}, without a network call. The first lookup of a
 * service asks the registry once (so it is answered at once) and subscribes the watch to the service; from then on
 * the view answers, and keeps answering with the last known instances while the registry is unreachable.
 */
public class WatchingInstanceLookup implements InstanceLookup {

	private final InstanceLookup registry;

	private final RegistryView view;

	private final RegistryWatch watch;

	private final Map<String, Mapped> mapped = new ConcurrentHashMap<>();

	/**
	 * Creates a lookup.
	 * @param registry the lookup that asks the registry, for first uses and the service list
	 * @param view the local view
	 * @param watch the watch that feeds the view
	 */
	public WatchingInstanceLookup(InstanceLookup registry, RegistryView view, RegistryWatch watch) {
		this.registry = registry;
		this.view = view;
		this.watch = watch;
	}

	@Override
	public List<String> services() {
		return this.registry.services();
	}

	@Override
	public List<InstanceView> instances(String service) {
		String name = service.toLowerCase(Locale.ROOT);
		List<InstanceView> known = this.view.instances(name);
		if (known != null) {
			this.watch.touch(name);
			return known;
		}
		this.watch.subscribe(name);
		return this.registry.instances(name);
	}

	/** Maps a view's list once: the view hands out the same list object until the service changes. */
	@Override
	public List<ServiceInstance> serviceInstances(String service) {
		String name = service.toLowerCase(Locale.ROOT);
		List<InstanceView> known = this.view.instances(name);
		if (known == null) {
			this.mapped.remove(name);
			return InstanceLookup.super.serviceInstances(name);
		}
		this.watch.touch(name);
		Mapped mapped = this.mapped.get(name);
		if (mapped == null || mapped.source() != known) {
			mapped = new Mapped(known, known.stream().<ServiceInstance>map(DiscoveryServiceInstance::of).toList());
			this.mapped.put(name, mapped);
		}
		return mapped.instances();
	}

	@Override
	public void probe() {
		this.registry.probe();
	}

	private record Mapped(List<InstanceView> source, List<ServiceInstance> instances) {
	}

}
