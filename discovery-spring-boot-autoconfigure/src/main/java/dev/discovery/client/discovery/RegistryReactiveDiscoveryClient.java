package dev.discovery.client.discovery;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.discovery.client.registry.RegistryException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * Spring Cloud's {@link ReactiveDiscoveryClient} over the registry. Lookups that may block run on the
 * bounded-elastic scheduler, never on an event-loop thread. While the registry cannot be asked, a lookup the local
 * view cannot answer completes empty instead of failing, as Spring Cloud's other reactive clients do, so a
 * {@code ReactiveCompositeDiscoveryClient} still lists what its other clients know; the outage is logged once, and
 * {@link #reactiveProbe()} (the health indicator's check) still fails.
 */
public class RegistryReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private static final Log logger = LogFactory.getLog(RegistryReactiveDiscoveryClient.class);

	private final AtomicBoolean failing = new AtomicBoolean();

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
		return answer(Flux.defer(() -> Flux.fromIterable(this.lookup.serviceInstances(serviceId))),
				"the instances of " + serviceId);
	}

	@Override
	public Flux<String> getServices() {
		return answer(Flux.defer(() -> Flux.fromIterable(this.lookup.services())), "the services");
	}

	private <T> Flux<T> answer(Flux<T> lookup, String what) {
		return lookup.doOnComplete(() -> this.failing.set(false))
			.onErrorResume(RegistryException.class, (ex) -> {
				if (this.failing.compareAndSet(false, true)) {
					logger.warn("Could not look up " + what + " (answering with none until the registry answers "
							+ "again): " + ex.getMessage());
				}
				else if (logger.isDebugEnabled()) {
					logger.debug("Could not look up " + what + ": " + ex.getMessage());
				}
				return Flux.empty();
			})
			.subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Void> reactiveProbe() {
		return Mono.<Void>fromRunnable(this.lookup::probe).subscribeOn(Schedulers.boundedElastic());
	}

}
