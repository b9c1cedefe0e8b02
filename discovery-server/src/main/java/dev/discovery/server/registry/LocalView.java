package dev.discovery.server.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.ServiceSummary;

/**
 * This node's view of the registry, fed by applied changes: the structures every read is answered from. A store
 * applies each change here in index order (the memory store as it makes the change, a distributed store as its
 * watch delivers it), so reads stay local, lock-free and as fast on every store.
 * <p>
 * Changes are applied by one thread at a time (the store serialises them); {@link #renew} may run at the same time
 * as they do, and reads at any time. Liveness never goes backwards: a put keeps a later {@code lastHeartbeat} that
 * the view already holds, so a renewal is never lost to a change applied just after it.
 */
public final class LocalView implements RegistryReads {

	private final Map<String, ServiceBucket> services = new ConcurrentHashMap<>();

	private final AtomicInteger instanceCount = new AtomicInteger();

	private volatile long index;

	/**
	 * Applies a change: stores the instance of a registration or update, removes it for a removal.
	 * @param change the change, whose index is above every one applied before
	 * @return the instance now held (or the one removed)
	 */
	public RegisteredInstance apply(RegistryChange change) {
		RegisteredInstance result = change.removal() ? remove(change) : put(change.instance());
		advance(change.service(), change.index());
		return result;
	}

	/**
	 * Applies a change only if the instance held is still {@code expected}, atomically with renewals: a
	 * conditional removal loses to a heartbeat that came first.
	 * @param change the change
	 * @param expected the instance the change was decided on
	 * @return whether the change was applied
	 */
	public boolean applyIfCurrent(RegistryChange change, RegisteredInstance expected) {
		ServiceBucket bucket = bucket(change.service());
		boolean applied;
		if (change.removal()) {
			applied = bucket.instances.remove(change.instanceId(), expected);
			if (applied) {
				removed(change.service(), bucket, expected);
			}
		}
		else {
			applied = bucket.instances.replace(change.instanceId(), expected, change.instance());
			if (applied) {
				bucket.replaced(expected, change.instance());
			}
		}
		if (applied) {
			advance(change.service(), change.index());
		}
		return applied;
	}

	/**
	 * Renews an instance's lease in this view; no index moves.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param now the renewal time
	 * @return the renewed instance, or {@code null} if the view does not hold it
	 */
	public @Nullable RegisteredInstance renew(String service, String instanceId, Instant now) {
		return amend(service, instanceId, (instance) -> instance.renewed(now));
	}

	/**
	 * Changes what an instance shows without a change to the registry (no index, no listeners), such as the output
	 * of a check whose outcome stayed the same.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param amendment the new record, from the held one
	 * @return the amended instance, or {@code null} if the view does not hold it
	 */
	public @Nullable RegisteredInstance amend(String service, String instanceId,
			UnaryOperator<RegisteredInstance> amendment) {
		ServiceBucket bucket = bucket(service);
		RegisteredInstance amended = bucket.instances.computeIfPresent(instanceId, (id, held) -> amendment.apply(held));
		if (amended != null) {
			bucket.touch();
		}
		return amended;
	}

	/**
	 * Loads instances saved or mirrored from elsewhere, before the view serves reads.
	 * @param instances the instances
	 * @param index the index to continue after
	 */
	public void load(List<RegisteredInstance> instances, long index) {
		for (RegisteredInstance instance : instances) {
			put(instance);
			ServiceBucket bucket = this.services.get(instance.service());
			if (bucket != null) {
				bucket.index = Math.max(bucket.index, instance.index());
			}
		}
		this.index = Math.max(this.index, index);
	}

	/**
	 * Whether the view holds an instance.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return {@code true} if it does
	 */
	public boolean holds(String service, String instanceId) {
		return bucket(service).instances.containsKey(instanceId);
	}

	private RegisteredInstance put(RegisteredInstance incoming) {
		ServiceBucket bucket = this.services.computeIfAbsent(incoming.service(), (name) -> new ServiceBucket());
		RegisteredInstance[] before = new RegisteredInstance[1];
		RegisteredInstance stored = bucket.instances.compute(incoming.id(), (id, held) -> {
			before[0] = held;
			return (held != null && held.lastHeartbeat().isAfter(incoming.lastHeartbeat()))
					? incoming.renewed(held.lastHeartbeat()) : incoming;
		});
		bucket.replaced(before[0], stored);
		if (before[0] == null) {
			this.instanceCount.incrementAndGet();
		}
		return stored;
	}

	private RegisteredInstance remove(RegistryChange change) {
		ServiceBucket bucket = bucket(change.service());
		RegisteredInstance removed = bucket.instances.remove(change.instanceId());
		if (removed == null) {
			return change.instance();
		}
		removed(change.service(), bucket, removed);
		return removed;
	}

	private void removed(String service, ServiceBucket bucket, RegisteredInstance removed) {
		this.instanceCount.decrementAndGet();
		bucket.replaced(removed, null);
		if (bucket.instances.isEmpty()) {
			this.services.remove(service, bucket);
		}
	}

	private void advance(String service, long changeIndex) {
		ServiceBucket bucket = this.services.get(service);
		if (bucket != null) {
			bucket.index = changeIndex;
		}
		this.index = Math.max(this.index, changeIndex);
	}

	@Override
	public List<RegisteredInstance> instances(String service, boolean passingOnly) {
		return existing(service).sorted(passingOnly);
	}

	@Override
	public <T> T rendered(String service, Rendering<T> rendering) {
		return existing(service).rendered(rendering);
	}

	@Override
	public RegisteredInstance instance(String service, String instanceId) {
		RegisteredInstance instance = bucket(service).instances.get(instanceId);
		if (instance == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		return instance;
	}

	@Override
	public List<RegisteredInstance> allInstances() {
		List<RegisteredInstance> all = new ArrayList<>(this.instanceCount.get());
		this.services.values().forEach((bucket) -> all.addAll(bucket.instances.values()));
		return all;
	}

	@Override
	public List<ServiceSummary> services() {
		List<ServiceSummary> summaries = new ArrayList<>(this.services.size());
		this.services.forEach((name, bucket) -> summaries.add(bucket.summary(name)));
		summaries.sort(Comparator.comparing(ServiceSummary::name));
		return summaries;
	}

	@Override
	public long index() {
		return this.index;
	}

	@Override
	public int instanceCount() {
		return this.instanceCount.get();
	}

	@Override
	public int instanceCount(String service) {
		return bucket(service).instances.size();
	}

	@Override
	public int serviceCount() {
		return this.services.size();
	}

	private ServiceBucket existing(String service) {
		ServiceBucket bucket = this.services.get(service);
		if (bucket == null) {
			throw new ServiceNotFoundException(service);
		}
		return bucket;
	}

	/** The service's bucket, or an empty one that is never stored when the service has no instances. */
	private ServiceBucket bucket(String service) {
		return this.services.getOrDefault(service, ServiceBucket.NONE);
	}

}
