package dev.discovery.server.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.discovery.protocol.ServiceSummary;

/**
 * The read side of the registry: lock-free queries over the store that {@link Registry} writes under its lock.
 */
public abstract class RegistryReads {

	final Map<String, ServiceBucket> services = new ConcurrentHashMap<>();

	final ChangeFeed feed = new ChangeFeed();

	final AtomicInteger instanceCount = new AtomicInteger();

	/**
	 * The instances of a service, sorted by id.
	 * @param service the service name
	 * @param passingOnly whether to leave out instances that should not get traffic
	 * @return the instances
	 * @throws ServiceNotFoundException if the service has no instances at all
	 */
	public List<RegisteredInstance> instances(String service, boolean passingOnly) {
		ServiceBucket bucket = this.services.get(service);
		if (bucket == null) {
			throw new ServiceNotFoundException(service);
		}
		return bucket.sorted(passingOnly);
	}

	/**
	 * A service's passing instances, sorted by id, rendered by the caller and kept until the service next changes.
	 * @param service the service name
	 * @param render how to render the instances
	 * @return the rendering
	 * @throws ServiceNotFoundException if the service has no instances at all
	 */
	public byte[] renderedPassing(String service, Function<List<RegisteredInstance>, byte[]> render) {
		ServiceBucket bucket = this.services.get(service);
		if (bucket == null) {
			throw new ServiceNotFoundException(service);
		}
		return bucket.renderedPassing(render);
	}

	/**
	 * One instance.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return the instance
	 * @throws InstanceNotFoundException if the registry does not hold it
	 */
	public RegisteredInstance instance(String service, String instanceId) {
		RegisteredInstance instance = bucket(service).instances.get(instanceId);
		if (instance == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		return instance;
	}

	/** Every registered instance of every service. */
	public List<RegisteredInstance> allInstances() {
		List<RegisteredInstance> all = new ArrayList<>(this.instanceCount.get());
		this.services.values().forEach((bucket) -> all.addAll(bucket.instances.values()));
		return all;
	}

	/** The services with instances, sorted by name. */
	public List<ServiceSummary> services() {
		List<ServiceSummary> summaries = new ArrayList<>(this.services.size());
		this.services.forEach((name, bucket) -> summaries.add(bucket.summary(name)));
		summaries.sort(Comparator.comparing(ServiceSummary::name));
		return summaries;
	}

	/** The index of the last change. */
	public long index() {
		return this.feed.index();
	}

	/** How many instances are registered. */
	public int instanceCount() {
		return this.instanceCount.get();
	}

	/** How many instances a service has, counting those not passing. */
	public int instanceCount(String service) {
		return bucket(service).instances.size();
	}

	/** How many services have instances. */
	public int serviceCount() {
		return this.services.size();
	}

	/** The service's bucket, or an empty one that is never stored when the service has no instances. */
	ServiceBucket bucket(String service) {
		return this.services.getOrDefault(service, ServiceBucket.NONE);
	}

}
