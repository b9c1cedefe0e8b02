package dev.discovery.server.registry;

import java.util.List;

import dev.discovery.protocol.ServiceSummary;

/**
 * A store whose reads come from a {@link LocalView} and whose changes go out through a {@link ChangeFeed}: what
 * every store has in common, so a store only decides how changes are made and committed.
 */
public abstract class AbstractRegistry implements Registry {

	protected final LocalView view = new LocalView();

	protected final ChangeFeed feed = new ChangeFeed();

	/**
	 * Applies a change to the local view. Called by one thread at a time, in index order.
	 * @param change the change
	 * @return the change with the instance as the view now holds it
	 */
	protected RegistryChange apply(RegistryChange change) {
		RegisteredInstance held = this.view.apply(change);
		return (held == change.instance()) ? change
				: new RegistryChange(change.index(), change.kind(), change.service(), change.instanceId(), held);
	}

	/**
	 * Tells every listener of an applied change.
	 * @param change the change
	 * @return the change
	 */
	protected RegistryChange publish(RegistryChange change) {
		return this.feed.publish(change);
	}

	@Override
	public void addListener(RegistryListener listener) {
		this.feed.addListener(listener);
	}

	@Override
	public List<RegistryListener> listeners() {
		return this.feed.listeners();
	}

	@Override
	public long listenerFailures() {
		return this.feed.failures();
	}

	@Override
	public List<RegisteredInstance> instances(String service, boolean passingOnly) {
		return this.view.instances(service, passingOnly);
	}

	@Override
	public <T> T rendered(String service, Rendering<T> rendering) {
		return this.view.rendered(service, rendering);
	}

	@Override
	public RegisteredInstance instance(String service, String instanceId) {
		return this.view.instance(service, instanceId);
	}

	@Override
	public List<RegisteredInstance> allInstances() {
		return this.view.allInstances();
	}

	@Override
	public List<ServiceSummary> services() {
		return this.view.services();
	}

	@Override
	public long index() {
		return this.view.index();
	}

	@Override
	public int instanceCount() {
		return this.view.instanceCount();
	}

	@Override
	public int instanceCount(String service) {
		return this.view.instanceCount(service);
	}

	@Override
	public int serviceCount() {
		return this.view.serviceCount();
	}

	/**
	 * Refuses a registration that would take the registry past its limits; one that replaces an instance it holds
	 * adds none and always passes.
	 * @param service the service
	 * @param instanceId the instance
	 * @param maxPerService most instances one service may have
	 * @param maxTotal most instances in all
	 * @throws CapacityExceededException if a limit is reached
	 */
	protected void checkCapacity(String service, String instanceId, int maxPerService, int maxTotal) {
		if (this.view.holds(service, instanceId)) {
			return;
		}
		if (this.view.instanceCount(service) >= maxPerService) {
			throw new CapacityExceededException("Service '" + service + "' already has " + maxPerService
					+ " instances, the most the registry allows per service");
		}
		if (this.view.instanceCount() >= maxTotal) {
			throw new CapacityExceededException(
					"The registry already holds " + maxTotal + " instances, the most it allows");
		}
	}

}
