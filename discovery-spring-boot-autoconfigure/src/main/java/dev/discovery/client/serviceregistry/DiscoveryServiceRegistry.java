package dev.discovery.client.serviceregistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.scheduling.TaskScheduler;

/**
 * Spring Cloud's {@link ServiceRegistry} over the registry: registering starts a {@link LeaseKeeper} that keeps the
 * lease alive, deregistering stops it and removes the instance. Also serves {@code /actuator/serviceregistry}.
 */
public class DiscoveryServiceRegistry implements ServiceRegistry<DiscoveryRegistration> {

	private static final Log logger = LogFactory.getLog(DiscoveryServiceRegistry.class);

	private final RegistryClient client;

	private final TaskScheduler scheduler;

	private final Settings settings;

	private final Map<String, LeaseKeeper> keepers = new ConcurrentHashMap<>();

	/**
	 * How leases are kept.
	 *
	 * @param heartbeatInterval time between heartbeats
	 * @param backoff delays between registration attempts
	 * @param failFast whether a failed registration should throw rather than be retried
	 * @param metrics where to record registrations and heartbeats
	 * @param clock the clock
	 */
	public record Settings(Duration heartbeatInterval, Backoff backoff, boolean failFast, RegistryMetrics metrics,
			Clock clock) {
	}

	/**
	 * Creates a service registry.
	 * @param client the registry client
	 * @param scheduler the scheduler for heartbeats and retries
	 * @param settings how leases are kept
	 */
	public DiscoveryServiceRegistry(RegistryClient client, TaskScheduler scheduler, Settings settings) {
		this.client = client;
		this.scheduler = scheduler;
		this.settings = settings;
	}

	@Override
	public void register(DiscoveryRegistration registration) {
		LeaseKeeper keeper = new LeaseKeeper(this.client, this.scheduler, this.settings.clock(),
				this.settings.heartbeatInterval(), this.settings.backoff(), this.settings.metrics(), registration);
		LeaseKeeper previous = this.keepers.put(key(registration), keeper);
		if (previous != null) {
			previous.stop();
		}
		try {
			keeper.start(this.settings.failFast());
		}
		catch (RegistryException ex) {
			this.keepers.remove(key(registration));
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
