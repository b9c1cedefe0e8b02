package dev.discovery.server.xds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;
import dev.discovery.server.registry.RegistryReads;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * Follows the registry's changes into the control plane. The registry only marks the changed service (under its
 * write lock, so nothing slow happens there); one thread then reads each marked service's instances, rebuilds its
 * resources and publishes a new state, which answers the clients waiting for it. Changes that arrive while a state
 * is being built are taken together in the next one, so a burst costs one rebuild per service, not one per change.
 */
final class XdsPublisher implements RegistryListener, SmartLifecycle, Runnable {

	private static final Log logger = LogFactory.getLog(XdsPublisher.class);

	/** Pause after a failed rebuild, so a persistent failure does not spin. */
	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final RegistryReads registry;

	private final XdsCache cache;

	private final Set<String> changed = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	XdsPublisher(RegistryReads registry, XdsCache cache) {
		this.registry = registry;
		this.cache = cache;
	}

	@Override
	public void onChange(RegistryChange change) {
		this.changed.add(change.service());
		Thread publisher = this.thread;
		if (publisher != null) {
			LockSupport.unpark(publisher);
		}
	}

	/** Builds the first state from everything the registry holds (restored instances included), then follows it. */
	@Override
	public void start() {
		this.registry.services().stream().map(ServiceSummary::name).forEach(this.changed::add);
		publishChanges();
		this.running = true;
		Thread publisher = new Thread(this, "xds-publisher");
		publisher.setDaemon(true);
		this.thread = publisher;
		publisher.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread publisher = this.thread;
		if (publisher != null) {
			LockSupport.unpark(publisher);
			try {
				publisher.join(Duration.ofSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts after the snapshot is restored (phase 0) and before the xDS port opens. */
	@Override
	public int getPhase() {
		return 1;
	}

	@Override
	public void run() {
		while (this.running) {
			try {
				if (this.changed.isEmpty()) {
					LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
				}
				publishChanges();
			}
			catch (Throwable ex) {
				logger.error("Could not publish registry changes to xDS clients; retrying", ex);
				LockSupport.parkNanos(this, RETRY_NANOS);
			}
		}
	}

	/** Rebuilds the changed services and publishes the new state; on failure they stay marked for the next try. */
	void publishChanges() {
		if (this.changed.isEmpty()) {
			return;
		}
		List<String> services = new ArrayList<>(this.changed);
		services.forEach(this.changed::remove);
		try {
			// Read before the instances, so the state is at least as new as the index that versions it.
			long index = this.registry.index();
			Map<String, ServiceResources> updated = new HashMap<>();
			List<String> removed = new ArrayList<>();
			for (String service : services) {
				List<RegisteredInstance> instances = instances(service);
				if (instances.isEmpty()) {
					removed.add(service);
				}
				else {
					updated.put(service, ServiceResources.of(service, instances));
				}
			}
			this.cache.publish(this.cache.state().with(updated, removed, index));
		}
		catch (RuntimeException ex) {
			this.changed.addAll(services);
			throw ex;
		}
	}

	private List<RegisteredInstance> instances(String service) {
		try {
			return this.registry.instances(service, false);
		}
		catch (ServiceNotFoundException ex) {
			return List.of();
		}
	}

}
