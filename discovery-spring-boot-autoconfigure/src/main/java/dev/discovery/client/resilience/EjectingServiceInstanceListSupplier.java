package dev.discovery.client.resilience;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * The outermost supplier of every load balancer: takes the list the user's supplier chain made (discovery client,
 * caching, zone preference, weights...) and leaves out the instances this caller has ejected and those the current
 * call has already tried. Filters at every request, so an ejection takes effect at once and ends on time, whatever
 * the chain caches.
 */
public class EjectingServiceInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

	private final OutlierDetector detector;

	/**
	 * Wraps a supplier.
	 * @param delegate the user's supplier chain
	 * @param detector this caller's ejections
	 */
	public EjectingServiceInstanceListSupplier(ServiceInstanceListSupplier delegate, OutlierDetector detector) {
		super(delegate);
		this.detector = detector;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return this.delegate.get().map(this::available);
	}

	@Override
	public Flux<List<ServiceInstance>> get(Request request) {
		TriedInstances tried = TriedInstances.of(request);
		if (tried != null) {
			return this.delegate.get(request).map((instances) -> untried(available(instances), tried));
		}
		return this.delegate.get(request).map(this::available);
	}

	private List<ServiceInstance> available(List<ServiceInstance> instances) {
		return this.detector.available(getServiceId(), instances);
	}

	private static List<ServiceInstance> untried(List<ServiceInstance> instances, TriedInstances tried) {
		if (tried.size() == 0) {
			return instances;
		}
		return instances.stream().filter((instance) -> !tried.contains(instance)).toList();
	}

}
