package dev.discovery.server.registry;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;

/**
 * The registry's store: the one way the server's features (the HTTP API, watch, DNS, health checks, protection
 * mode, limits, metrics) read and change the registry. The in-memory store and a distributed store (etcd) both
 * implement it, and both pass the same contract test suite, so every feature behaves the same on either.
 *
 * <h2>Writes</h2>
 * A write returns once its change is committed, as the store defines it (the memory store: in its journal; etcd: on
 * a majority), <em>and</em> applied to this node's {@link LocalView}, so the writer reads its own write. Writes may
 * be slow and may fail: a store that cannot commit within its timeout throws {@link StoreUnavailableException}
 * (the API answers {@code 503}), and then the change may or may not have happened. Every write is idempotent to
 * retry: a registration replaces, a status or health is set to a value, a repeated deregistration answers
 * {@link InstanceNotFoundException}. A write refused for what it asks ({@link InstanceNotFoundException},
 * {@link CapacityExceededException}) changes nothing. A deregistration is durable before it returns, so an
 * instance that was told it is gone never comes back after a crash of the registry.
 *
 * <h2>The index</h2>
 * The store assigns every change its index (the memory store from a counter, etcd its revision). Indexes only grow,
 * also across restarts and crashes; they need not be contiguous (etcd revisions move for other keys too). An
 * instance's {@link RegisteredInstance#index()} is the index of its last change.
 *
 * <h2>The change feed</h2>
 * Every change (register, update, deregister, expiry) is published once to every listener, in index order, after it
 * is applied to the local view; on a distributed store every replica publishes every change with the same index.
 * Listeners run on the store's applying thread: they must return quickly and must not call the write methods.
 * One that throws is logged and counted, and the others still hear of the change.
 *
 * <h2>Liveness</h2>
 * A heartbeat renews a lease without a change: no index, no replicated write per heartbeat (a distributed store
 * renews its backend's lease at most once per slack). Renewals are never lost to a concurrent change. Listeners
 * hear of heartbeats on the node that received them. Which node decides expiry is the store's: the memory store
 * when {@link #expireLeases(ExpiryGuard)} runs, etcd when a lease runs out; either way each expiry is one
 * {@link RegistryChange.Kind#EXPIRED} change, and the {@link ExpiryGuard} is asked before a passing instance goes.
 *
 * <h2>Reads</h2>
 * Reads ({@link RegistryReads}) come from the local view: they never wait for the backend and keep working, with
 * the last known state, while it is unreachable.
 */
public interface Registry extends RegistryReads {

	/**
	 * Registers an instance, replacing any earlier registration under the same id. The instance starts
	 * {@code PASSING}, with a lease from now.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param spec the validated registration
	 * @return the change: {@code REGISTERED} for a new instance, {@code UPDATED} for a replacement
	 * @throws CapacityExceededException if a new instance would exceed the service's or the registry's limit
	 * @throws StoreUnavailableException if the change could not be committed in time
	 */
	RegistryChange register(String service, String instanceId, InstanceSpec spec);

	/**
	 * Renews an instance's lease: no index, no change, no replicated write.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return the renewed instance
	 * @throws InstanceNotFoundException if the registry does not hold the instance
	 */
	RegisteredInstance heartbeat(String service, String instanceId);

	/**
	 * Changes the status an instance reports about itself.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param status the new status
	 * @return the instance after the change (unchanged, with no new index, when the status was already set)
	 * @throws InstanceNotFoundException if the registry does not hold the instance
	 * @throws StoreUnavailableException if the change could not be committed in time
	 */
	RegisteredInstance setStatus(String service, String instanceId, InstanceStatus status);

	/**
	 * Records the outcome of a health check. A new health state is a change; the same state with another output
	 * only amends the local view (no index, no listeners, nothing replicated).
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param health the new health state
	 * @param output what the check saw
	 * @return the instance after the change
	 * @throws InstanceNotFoundException if the registry does not hold the instance
	 * @throws StoreUnavailableException if the change could not be committed in time
	 */
	RegisteredInstance setHealth(String service, String instanceId, HealthState health, @Nullable String output);

	/**
	 * Removes an instance at its own request, durably before returning.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return the change
	 * @throws InstanceNotFoundException if the registry does not hold the instance
	 * @throws StoreUnavailableException if the removal could not be made durable in time
	 */
	RegistryChange deregister(String service, String instanceId);

	/**
	 * Removes the instances whose lease has run out and that the guard lets go. A store whose backend expires
	 * leases itself may remove nothing here; its expirations reach the feed as they happen.
	 * @param guard asked once per expired instance; {@code false} keeps it until the next run
	 * @return the expirations made by this call, in index order
	 */
	List<RegistryChange> expireLeases(ExpiryGuard guard);

	/**
	 * Removes every instance whose lease has run out.
	 * @return the expirations made by this call, in index order
	 */
	default List<RegistryChange> expireLeases() {
		return expireLeases(ExpiryGuard.NONE);
	}

	/**
	 * Removes an instance that has been critical for longer than its check allows, as a
	 * {@code DEREGISTERED} change.
	 * @param instance the instance as last seen; nothing happens if it has changed since
	 * @return {@code true} if it was removed
	 */
	boolean removeCritical(RegisteredInstance instance);

	/**
	 * Subscribes a listener to changes and heartbeats. In the server every {@link RegistryListener} bean is
	 * subscribed once by the registry's configuration; nothing subscribes itself.
	 * @param listener the listener
	 */
	void addListener(RegistryListener listener);

	/**
	 * The subscribed listeners.
	 * @return the listeners, in the order they hear of changes
	 */
	List<RegistryListener> listeners();

	/**
	 * How many times a listener has thrown; the change reached the others all the same.
	 * @return the count
	 */
	long listenerFailures();

	/**
	 * What the store started from: whether the registry's earlier state was restored, so the server can tell
	 * clients it is warming up when it was not.
	 * @return the outcome of the store's start
	 */
	StoreRecovery recovery();

}
