package dev.discovery.client.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Passive ejection in the style of Envoy's outlier detection, for this caller only: an instance that refused a
 * connection, or failed a number of calls in a row, is skipped at once for a time that grows with each ejection
 * (base × ejections, at most the maximum). It is offered again once that time is over, if the registry's view still
 * lists it as passing. At most a share of a service's instances is ever skipped, and never the last one: beyond
 * that the instances whose ejection ends first are offered anyway (Envoy's max ejection percent). Runs on monotonic
 * time.
 */
public class OutlierDetector {

	private static final Log logger = LogFactory.getLog(OutlierDetector.class);

	private final Map<String, Map<Address, Outlier>> services = new ConcurrentHashMap<>();

	private final List<EjectionListener> listeners = new CopyOnWriteArrayList<>();

	private final Settings settings;

	private final LongSupplier nanoTime;

	/**
	 * Creates a detector on the system's monotonic clock.
	 * @param settings when to eject and for how long
	 */
	public OutlierDetector(Settings settings) {
		this(settings, System::nanoTime);
	}

	OutlierDetector(Settings settings, LongSupplier nanoTime) {
		this.settings = settings;
		this.nanoTime = nanoTime;
	}

	/**
	 * Adds a listener to ejections.
	 * @param listener the listener
	 */
	public void addListener(EjectionListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Records a call that the instance answered (with any status but 502, 503 and 504).
	 * @param instance the instance
	 */
	public void succeeded(ServiceInstance instance) {
		Map<Address, Outlier> outliers = this.services.get(service(instance));
		Outlier outlier = (outliers != null) ? outliers.get(key(instance)) : null;
		if (outlier != null) {
			outlier.succeeded(this.nanoTime.getAsLong(), this.settings.maxTime().toNanos());
		}
	}

	/**
	 * Records a failed call: a refused connection ejects at once, other failures once enough come in a row.
	 * @param instance the instance
	 * @param failure how the call failed
	 */
	public void failed(ServiceInstance instance, CallFailure failure) {
		Outlier outlier = outlier(instance);
		boolean eject = outlier.failed() >= this.settings.consecutiveFailures() || failure == CallFailure.REFUSED;
		if (eject) {
			eject(instance, outlier, (failure == CallFailure.REFUSED) ? "refused" : "failures", Duration.ZERO);
		}
	}

	/**
	 * Ejects an instance that asked for time ({@code 503} with {@code Retry-After}) for at least that long, within
	 * the maximum ejection time.
	 * @param instance the instance
	 * @param retryAfter what it asked for
	 */
	public void backOff(ServiceInstance instance, Duration retryAfter) {
		eject(instance, outlier(instance), "retry-after", retryAfter);
	}

	private void eject(ServiceInstance instance, Outlier outlier, String reason, Duration atLeast) {
		long now = this.nanoTime.getAsLong();
		long base = this.settings.baseTime().toNanos();
		long max = this.settings.maxTime().toNanos();
		long duration = outlier.eject(now, base, max, Math.min(atLeast.toNanos(), max));
		if (duration <= 0) {
			return;
		}
		Duration ejected = Duration.ofNanos(duration);
		logger.info("Ejected " + service(instance) + " at " + key(instance) + " from this caller's load balancing for " + ejected.toMillis() + " ms ("
				+ reason + ")");
		for (EjectionListener listener : this.listeners) {
			try {
				listener.ejected(instance, reason, ejected);
			}
			catch (RuntimeException ex) {
				logger.warn("Ejection listener failed for " + key(instance), ex);
			}
		}
	}

	/**
	 * The instances to offer callers: those not ejected, plus as many ejected ones (those back soonest first) as it
	 * takes to keep the ejected share within the maximum and at least one instance.
	 * @param service the service
	 * @param instances the instances the registry's view lists
	 * @return the instances to choose from; the given list itself when none is ejected
	 */
	public List<ServiceInstance> available(String service, List<ServiceInstance> instances) {
		Map<Address, Outlier> outliers = this.services.get(service.toLowerCase(Locale.ROOT));
		if (outliers == null || outliers.isEmpty() || instances.isEmpty()) {
			return instances;
		}
		long now = this.nanoTime.getAsLong();
		List<ServiceInstance> ejected = null;
		for (ServiceInstance instance : instances) {
			Outlier outlier = outliers.get(key(instance));
			if (outlier != null && outlier.ejectedAt(now)) {
				ejected = (ejected != null) ? ejected : new ArrayList<>();
				ejected.add(instance);
			}
		}
		if (outliers.size() > 2 * instances.size() + 16) {
			forgetUnlisted(outliers, instances, now);
		}
		if (ejected == null) {
			return instances;
		}
		return withoutEjected(service, instances, ejected, outliers);
	}

	private List<ServiceInstance> withoutEjected(String service, List<ServiceInstance> instances,
			List<ServiceInstance> ejected, Map<Address, Outlier> outliers) {
		int allowed = Math.min(instances.size() * this.settings.maxEjectionPercent() / 100, instances.size() - 1);
		List<ServiceInstance> skipped = ejected;
		if (ejected.size() > allowed) {
			this.listeners.forEach((listener) -> listener.capped(service));
			// Keep out those ejected longest; offer those whose ejection ends first.
			skipped = new ArrayList<>(ejected);
			skipped.sort(Comparator.comparingLong((ServiceInstance instance) -> outliers.get(key(instance)).until())
				.reversed());
			skipped = skipped.subList(0, Math.max(allowed, 0));
		}
		// By identity: the skipped are elements of the list (equals() of some instances builds URIs).
		List<ServiceInstance> offered = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			if (!containsSame(skipped, instance)) {
				offered.add(instance);
			}
		}
		return offered;
	}

	private static boolean containsSame(List<ServiceInstance> instances, ServiceInstance wanted) {
		for (ServiceInstance instance : instances) {
			if (instance == wanted) {
				return true;
			}
		}
		return false;
	}

	private static void forgetUnlisted(Map<Address, Outlier> outliers, List<ServiceInstance> instances, long now) {
		List<Address> listed = instances.stream().map(OutlierDetector::key).toList();
		outliers.entrySet().removeIf((entry) -> !listed.contains(entry.getKey()) && !entry.getValue().ejectedAt(now));
	}

	/**
	 * How many instances are ejected now, over all services.
	 * @return the count
	 */
	public int ejectedCount() {
		long now = this.nanoTime.getAsLong();
		int count = 0;
		for (Map<Address, Outlier> outliers : this.services.values()) {
			for (Outlier outlier : outliers.values()) {
				count += outlier.ejectedAt(now) ? 1 : 0;
			}
		}
		return count;
	}

	/**
	 * Whether an instance is ejected now (regardless of the maximum share).
	 * @param instance the instance
	 * @return {@code true} if it is ejected
	 */
	public boolean ejected(ServiceInstance instance) {
		Map<Address, Outlier> outliers = this.services.get(service(instance));
		Outlier outlier = (outliers != null) ? outliers.get(key(instance)) : null;
		return outlier != null && outlier.ejectedAt(this.nanoTime.getAsLong());
	}

	private Outlier outlier(ServiceInstance instance) {
		return this.services.computeIfAbsent(service(instance), (name) -> new ConcurrentHashMap<>())
			.computeIfAbsent(key(instance), (key) -> new Outlier());
	}

	private static String service(ServiceInstance instance) {
		return instance.getServiceId().toLowerCase(Locale.ROOT);
	}

	/**
	 * What identifies an instance here: its address, since not every caller's wrapper keeps the instance id (Spring
	 * Cloud Gateway's does not), and an instance restarted on the same address is the same target.
	 */
	static Address key(ServiceInstance instance) {
		return new Address(instance.getHost(), instance.getPort());
	}

	/**
	 * An instance's address.
	 *
	 * @param host the host
	 * @param port the port
	 */
	record Address(String host, int port) {

		@Override
		public String toString() {
			return this.host + ":" + this.port;
		}

	}

	/**
	 * When to eject and for how long.
	 *
	 * @param consecutiveFailures failed calls in a row (resets, 502/503/504) that eject an instance
	 * @param baseTime the first ejection's length; the n-th lasts n times as long
	 * @param maxTime the longest ejection
	 * @param maxEjectionPercent the largest share of a service's instances skipped at once (never all)
	 */
	public record Settings(int consecutiveFailures, Duration baseTime, Duration maxTime, int maxEjectionPercent) {
	}

	/** One instance's record. Thread-safe. */
	private static final class Outlier {

		private int failures;

		private int ejections;

		private long until;

		private boolean ejected;

		synchronized int failed() {
			return ++this.failures;
		}

		synchronized void succeeded(long now, long maxTime) {
			this.failures = 0;
			// A long healthy stretch after the last ejection forgives the earlier ones.
			if (this.ejections > 0 && !ejectedAt(now) && now - this.until > maxTime) {
				this.ejections = 0;
			}
		}

		/** Ejects unless already ejected; answers the ejection's length, or 0 if it already was. */
		synchronized long eject(long now, long base, long max, long atLeast) {
			this.failures = 0;
			if (ejectedAt(now)) {
				return 0;
			}
			this.ejections++;
			long duration = Math.max(Math.min(base * this.ejections, max), atLeast);
			this.until = now + duration;
			this.ejected = true;
			return duration;
		}

		synchronized boolean ejectedAt(long now) {
			return this.ejected && now - this.until < 0;
		}

		synchronized long until() {
			return this.until;
		}

	}

}
