package dev.discovery.client.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.discovery.client.registry.RegistryClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Tells the registry about instances this caller ejected for refusing connections or failing calls
 * ({@code POST .../instances/{id}/suspect}), so it checks them at once and every caller hears the outcome. Never on
 * the caller's thread: reports wait in a bounded queue (dropped when full) for one private daemon thread; one
 * instance is reported at most once per {@code minInterval}. Instances that asked for time with
 * {@code Retry-After} are alive and are not reported.
 */
public class SuspectReporter implements EjectionListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(SuspectReporter.class);

	private static final int MAX_REMEMBERED = 10_000;

	private final RegistryClient registry;

	private final Function<String, List<ServiceInstance>> instances;

	private final long minInterval;

	private final LongSupplier nanoTime;

	private final BlockingQueue<Report> queue;

	private final Map<String, Long> reportedAt = new ConcurrentHashMap<>();

	private final Thread thread;

	private volatile boolean running = true;

	/**
	 * Creates the reporter and starts its thread.
	 * @param registry the registry client
	 * @param instances a service's instances from the local view, to find the id of an instance known by address
	 * @param minInterval the shortest time between two reports of one instance
	 * @param maxPending reports waiting to be sent at most
	 */
	public SuspectReporter(RegistryClient registry, Function<String, List<ServiceInstance>> instances,
			Duration minInterval, int maxPending) {
		this(registry, instances, minInterval, maxPending, System::nanoTime);
	}

	SuspectReporter(RegistryClient registry, Function<String, List<ServiceInstance>> instances, Duration minInterval,
			int maxPending, LongSupplier nanoTime) {
		this.registry = registry;
		this.instances = instances;
		this.minInterval = minInterval.toNanos();
		this.nanoTime = nanoTime;
		this.queue = new ArrayBlockingQueue<>(Math.max(maxPending, 1));
		this.thread = new Thread(this::run, "discovery-suspect");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void ejected(ServiceInstance instance, String reason, Duration duration) {
		if ("retry-after".equals(reason)) {
			return;
		}
		String service = instance.getServiceId().toLowerCase(Locale.ROOT);
		String key = service + "/" + OutlierDetector.key(instance);
		long now = this.nanoTime.getAsLong();
		Long last = this.reportedAt.get(key);
		if (last != null && now - last < this.minInterval) {
			return;
		}
		if (this.reportedAt.size() > MAX_REMEMBERED) {
			this.reportedAt.values().removeIf((at) -> now - at >= this.minInterval);
		}
		this.reportedAt.put(key, now);
		if (!this.queue.offer(new Report(service, instance.getInstanceId(), instance.getHost(), instance.getPort(),
				reason))) {
			logger.debug("Dropped the suspect report of " + key + ": too many reports pending");
		}
	}

	private void run() {
		while (this.running) {
			try {
				Report report = this.queue.poll(1, TimeUnit.SECONDS);
				if (report != null) {
					send(report);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("Suspect reporting failed", ex);
			}
		}
	}

	private void send(Report report) {
		String id = (report.id() != null) ? report.id() : idOf(report);
		if (id == null) {
			return;
		}
		try {
			this.registry.suspect(report.service(), id);
			logger.info("Reported " + report.service() + "/" + id + " to the registry as suspect (" + report.reason()
					+ ")");
		}
		catch (RuntimeException ex) {
			// The registry's own checks find the instance anyway; a report is a head start, not a duty.
			logger.debug("Could not report " + report.service() + "/" + id + " as suspect: " + ex.getMessage());
		}
	}

	/** Finds the id of an instance known only by address (Spring Cloud Gateway's wrapper drops it) in the view. */
	private @Nullable String idOf(Report report) {
		for (ServiceInstance known : this.instances.apply(report.service())) {
			if (known.getPort() == report.port() && known.getHost().equals(report.host())) {
				return known.getInstanceId();
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
	}

	private record Report(String service, @Nullable String id, String host, int port, String reason) {
	}

}
