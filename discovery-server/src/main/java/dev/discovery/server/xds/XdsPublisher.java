package dev.discovery.server.xds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;
import dev.discovery.server.registry.RegistryReads;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * Follows the registry's changes into the control plane, while at least one xDS client is connected. The registry
 * only marks the changed service (under its write lock, so nothing slow happens there); one thread then reads each
 * marked service's instances, rebuilds its resources and publishes a new state, which answers the clients waiting
 * for it. It publishes at most once per {@code discovery.server.xds.publish-interval}: changes that arrive meanwhile
 * are taken together, so a burst of registrations costs one rebuild per service and interval, not one per change.
 * <p>
 * With no client connected nothing is built: the first client to connect waits until every service is built (and
 * those that left meanwhile are removed) before its stream is served, so it is answered exactly as if the state had
 * been followed all along. Resources that did not change keep their versions.
 */
final class XdsPublisher implements RegistryListener, SmartLifecycle, Runnable {

	private static final Log logger = LogFactory.getLog(XdsPublisher.class);

	/** Pause after a failed rebuild, so a persistent failure does not spin. */
	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final RegistryReads registry;

	private final XdsCache cache;

	private final long intervalNanos;

	private final Set<String> changed = ConcurrentHashMap.newKeySet();

	/** Whether the publisher thread has been woken for what is in {@link #changed}; saves a wake-up per change. */
	private final AtomicBoolean woken = new AtomicBoolean();

	/** Held while a state is built and while clients come and go, so a build never sees half a subscription. */
	private final Object building = new Object();

	/** Connected clients; guarded by {@link #building}. */
	private int subscribers;

	/** Whether changes are followed: at least one client is connected. */
	private volatile boolean following;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	XdsPublisher(RegistryReads registry, XdsCache cache, Duration interval) {
		this.registry = registry;
		this.cache = cache;
		this.intervalNanos = interval.toNanos();
	}

	@Override
	public void onChange(RegistryChange change) {
		if (!this.following) {
			return;
		}
		this.changed.add(change.service());
		Thread publisher = this.thread;
		if (publisher != null && this.woken.compareAndSet(false, true)) {
			LockSupport.unpark(publisher);
		}
	}

	/**
	 * A client connected. The first one waits here until the state holds every service the registry has.
	 */
	void subscribed() {
		synchronized (this.building) {
			if (this.subscribers++ > 0) {
				return;
			}
			// Follow first, then read: a change after the read is marked, one before it is in what is read.
			this.following = true;
			this.registry.services().stream().map(ServiceSummary::name).forEach(this.changed::add);
			// Services that left while nobody followed: built again, they have no instances and are removed.
			this.changed.addAll(this.cache.state().clusters().names());
			try {
				publishChanges();
			}
			catch (RuntimeException ex) {
				// They stay marked: the publisher thread tries again.
				logger.error("Could not build the xDS resources for the first client; retrying", ex);
				wake();
			}
		}
	}

	/** A client went away; when it was the last, changes are no longer followed. */
	void unsubscribed() {
		synchronized (this.building) {
			if (--this.subscribers == 0) {
				this.following = false;
				this.changed.clear();
			}
		}
	}

	/** Whether changes are followed now, that is whether a client is connected. */
	boolean following() {
		return this.following;
	}

	/** Starts following the registry; the state is built when the first client connects. */
	@Override
	public void start() {
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
		long published = System.nanoTime() - this.intervalNanos;
		while (this.running) {
			try {
				if (this.changed.isEmpty()) {
					this.woken.set(false);
					if (this.changed.isEmpty()) {
						LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
					}
					continue;
				}
				long wait = published + this.intervalNanos - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(this, wait);
					continue;
				}
				this.woken.set(false);
				synchronized (this.building) {
					publishChanges();
				}
				published = System.nanoTime();
			}
			catch (Throwable ex) {
				logger.error("Could not publish registry changes to xDS clients; retrying", ex);
				LockSupport.parkNanos(this, RETRY_NANOS);
			}
		}
	}

	private void wake() {
		Thread publisher = this.thread;
		if (publisher != null) {
			LockSupport.unpark(publisher);
		}
	}

	/**
	 * Rebuilds the changed services and publishes the new state; on failure they stay marked for the next try.
	 * Called with {@link #building} held.
	 */
	void publishChanges() {
		if (this.changed.isEmpty()) {
			return;
		}
		List<String> services = new ArrayList<>(this.changed);
		services.forEach(this.changed::remove);
		try {
			// Read before the services, so the state is at least as new as the index it is published with.
			long index = this.registry.index();
			XdsState state = this.cache.state();
			Map<String, ServiceResources> updated = new HashMap<>();
			Map<String, Long> indexes = new HashMap<>();
			List<String> removed = new ArrayList<>();
			for (String service : services) {
				ServiceRendering.Built built = built(service);
				if (built == null || built.cluster() == null || built.endpoints() == null) {
					removed.add(service);
				}
				else {
					updated.put(service, ServiceResources.of(service, built.cluster(), built.endpoints(), state));
					indexes.put(service, built.index());
				}
			}
			this.cache.publish(state.with(updated, indexes, removed, index));
		}
		catch (RuntimeException ex) {
			this.changed.addAll(services);
			throw ex;
		}
	}

	private ServiceRendering.@Nullable Built built(String service) {
		try {
			return this.registry.rendered(service, ServiceRendering.INSTANCE);
		}
		catch (ServiceNotFoundException ex) {
			return null;
		}
	}

}
