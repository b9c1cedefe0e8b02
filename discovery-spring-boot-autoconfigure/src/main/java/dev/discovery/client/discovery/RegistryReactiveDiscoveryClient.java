package dev.discovery.client.discovery;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * Spring Cloud's {@link ReactiveDiscoveryClient} over the registry. Lookups that may block run on the
 * bounded-elastic scheduler, never on an event-loop thread.
 */
public class RegistryReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private final InstanceLookup lookup;

	private final int order;

	/**
	 * Creates a client at the default order.
	 * @param lookup where instances are looked up
	 */
	public RegistryReactiveDiscoveryClient(InstanceLookup lookup) {
		this(lookup, ReactiveDiscoveryClient.DEFAULT_ORDER);
	}

	/**
	 * Creates a client.
	 * @param lookup where instances are looked up
	 * @param order where it stands among the application's discovery clients ({@code discovery.order}): the
	 * composite client asks the lowest first
	 */
	public RegistryReactiveDiscoveryClient(InstanceLookup lookup, int order) {
		this.lookup = lookup;
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public String description() {
		return "Discovery registry reactive client";
	}

	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return Flux.defer(() -> Flux.fromIterable(this.lookup.serviceInstances(serviceId)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Flux<String> getServices() {
		return Flux.defer(() -> Flux.fromIterable(this.lookup.services())).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Void> reactiveProbe() {
		return Mono.<Void>fromRunnable(this.lookup::probe).subscribeOn(Schedulers.boundedElastic());
	}

}
