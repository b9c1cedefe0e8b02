package dev.discovery.client.serviceregistry;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

/**
 * Spring Cloud's {@link ServiceRegistry} over the registry: registering starts a {@link LeaseKeeper} that keeps the
 * lease alive, deregistering stops it and removes the instance. Also serves {@code /actuator/serviceregistry}.
 * Heartbeats run on one private daemon thread ({@code discovery-lease}), never on a scheduler the application or
 * Boot could share, so a slow {@code @Scheduled} job cannot delay them; {@link #close()} ends it.
 */
public class DiscoveryServiceRegistry implements ServiceRegistry<DiscoveryRegistration> {

	private static final Log logger = LogFactory.getLog(DiscoveryServiceRegistry.class);

	private final RegistryClient client;

	private @Nullable ScheduledExecutorService scheduler;

	private final Settings settings;

	private final Map<String, LeaseKeeper> keepers = new ConcurrentHashMap<>();

	/**
	 * How leases are kept.
	 *
	 * @param heartbeatInterval time between heartbeats
	 * @param backoff delays between registration attempts
	 * @param failFast whether a failed registration should throw rather than be retried
	 * @param metrics where to record registrations and heartbeats
	 */
	public record Settings(Duration heartbeatInterval, Backoff backoff, boolean failFast, RegistryMetrics metrics) {
	}

	/**
	 * Creates a service registry with its own heartbeat thread.
	 * @param client the registry client
	 * @param settings how leases are kept
	 */
	public DiscoveryServiceRegistry(RegistryClient client, Settings settings) {
		this.client = client;
		this.settings = settings;
	}

	/** The heartbeat thread, started on first use and again after {@link #close()}. */
	private synchronized ScheduledExecutorService scheduler() {
		ScheduledExecutorService current = this.scheduler;
		if (current == null || current.isShutdown()) {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "discovery-lease");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			current = Executors.unconfigurableScheduledExecutorService(executor);
			this.scheduler = current;
		}
		return current;
	}

	@Override
	public void register(DiscoveryRegistration registration) {
		LeaseKeeper keeper = new LeaseKeeper(this.client, scheduler(), this.settings.heartbeatInterval(), this.settings.backoff(), this.settings.metrics(), registration);
		LeaseKeeper previous = this.keepers.put(key(registration), keeper);
		if (previous != null) {
			previous.stop();
		}
		try {
			keeper.start(this.settings.failFast());
		}
		catch (RuntimeException ex) {
			this.keepers.remove(key(registration));
			keeper.stop();
			throw new IllegalStateException("Could not register " + registration + " with the discovery registry at "
					+ this.client.urls() + " and discovery.fail-fast is true: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void deregister(DiscoveryRegistration registration) {
		LeaseKeeper keeper = this.keepers.remove(key(registration));
		if (keeper != null) {
			keeper.stop();
		}
		try {
			this.client.deregister(registration.getServiceId(), registration.getInstanceId());
			logger.info("Deregistered " + registration);
		}
		catch (RegistryException ex) {
			if (ex.isNotFound()) {
				logger.info("Deregistered " + registration + " (the registry no longer knew it)");
				return;
			}
			logger.warn("Could not deregister " + registration + "; its lease will expire: " + ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.keepers.values().forEach(LeaseKeeper::stop);
		this.keepers.clear();
		synchronized (this) {
			if (this.scheduler != null) {
				this.scheduler.shutdownNow();
			}
		}
	}

	@Override
	public void setStatus(DiscoveryRegistration registration, String status) {
		InstanceStatus newStatus = parse(status);
		registration.setStatus(newStatus);
		LeaseKeeper keeper = this.keepers.get(key(registration));
		if (keeper != null && !keeper.registered()) {
			logger.info("Status of " + registration + " is " + newStatus + "; it registers with it");
			return;
		}
		this.client.setStatus(registration.getServiceId(), registration.getInstanceId(), newStatus);
		logger.info("Set status of " + registration + " to " + newStatus);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getStatus(DiscoveryRegistration registration) {
		String status = this.client.instances(registration.getServiceId(), false)
			.stream()
			.filter((view) -> view.instanceId().equals(registration.getInstanceId()))
			.map(InstanceView::status)
			.map(InstanceStatus::name)
			.findFirst()
			.orElse("UNKNOWN");
		return (T) status;
	}

	private static InstanceStatus parse(String status) {
		try {
			return InstanceStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Unknown instance status '" + status + "': use UP or OUT_OF_SERVICE", ex);
		}
	}

	private static String key(DiscoveryRegistration registration) {
		return registration.getServiceId() + "/" + registration.getInstanceId();
	}

}
