package dev.discovery.server.registry;

import java.util.List;

import dev.discovery.protocol.ServiceSummary;

/**
 * The read side of the registry. Reads are answered from this node's local view of the store ({@link LocalView}):
 * they never wait for the store's backend, never fail because it is unreachable, and see every change this node
 * has applied, its own writes included.
 * <p>
 * {@link #index()} is the index of the last change applied. A caller that reads the index <em>before</em> a list
 * gets a list at least as new as that index, so one that later asks "anything after N?" never misses a change.
 */
public interface RegistryReads {

	/**
	 * The instances of a service, sorted by id.
	 * @param service the service name
	 * @param passingOnly whether to leave out instances that should not get traffic
	 * @return the instances
	 * @throws ServiceNotFoundException if the service has no instances at all
	 */
	List<RegisteredInstance> instances(String service, boolean passingOnly);

	/**
	 * A service's instances, rendered by the caller and kept until what the rendering shows changes (see
	 * {@link Rendering#showsLiveness()}).
	 * @param <T> what the rendering makes
	 * @param service the service name
	 * @param rendering the kind of rendering
	 * @return the rendering
	 * @throws ServiceNotFoundException if the service has no instances at all
	 */
	<T> T rendered(String service, Rendering<T> rendering);

	/**
	 * One instance.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return the instance
	 * @throws InstanceNotFoundException if the registry does not hold it
	 */
	RegisteredInstance instance(String service, String instanceId);

	/**
	 * Every registered instance of every service.
	 * @return the instances, in no particular order
	 */
	List<RegisteredInstance> allInstances();

	/**
	 * The services with instances.
	 * @return the summaries, sorted by name
	 */
	List<ServiceSummary> services();

	/**
	 * The index of the last change applied: it only grows, also across restarts.
	 * @return the index, 0 before the first change
	 */
	long index();

	/**
	 * How many instances are registered.
	 * @return the count
	 */
	int instanceCount();

	/**
	 * How many instances a service has, counting those not passing.
	 * @param service the service name
	 * @return the count, 0 for an unknown service
	 */
	int instanceCount(String service);

	/**
	 * How many services have instances.
	 * @return the count
	 */
	int serviceCount();

}
