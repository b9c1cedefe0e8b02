package dev.discovery.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;
import dev.discovery.protocol.ServiceSummary;

/**
 * Time as the embedded registry sees it: it stands still until the test moves it, and then it passes in steps
 * after each of which the registry's timers run, while every instance still alive keeps renewing its lease.
 */
final class RegistryTime {

	/** The registry's timers run every second (lease expiry) or faster (health checks): time moves in such steps. */
	private static final Duration STEP = Duration.ofSeconds(1);

	private static final Duration TIMERS_TIMEOUT = Duration.ofSeconds(30);

	private final RegistryClock clock;

	private final EmbeddedServer server;

	private final RegistryApi api;

	/** Instances whose leases are left to run out, as {@code service/instanceId}. */
	private final Set<String> unrenewed = ConcurrentHashMap.newKeySet();

	/** The registry index at the last renewal round. */
	private long renewedAtIndex = -1;

	/** The earliest end of a lease that round saw and will renew. */
	private Instant nextLeaseEnd = Instant.MIN;

	RegistryTime(RegistryClock clock, EmbeddedServer server, RegistryApi api) {
		this.clock = clock;
		this.server = server;
		this.api = api;
	}

	Instant now() {
		return this.clock.instant();
	}

	synchronized void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("The registry's clock only moves forward, not by " + duration);
		}
		Duration left = duration;
		while (!left.isNegative() && !left.isZero()) {
			Duration step = (left.compareTo(STEP) < 0) ? left : STEP;
			renewLiveLeases(step);
			this.clock.advance(step);
			runTimers();
			left = left.minus(step);
		}
	}

	/** Lets the instance's lease run out at the next {@link #advance(Duration)} past its end. */
	boolean stopRenewing(String service, String instanceId) {
		return this.unrenewed.add(key(service, instanceId));
	}

	synchronized void resumeRenewing(String service, String instanceId) {
		this.unrenewed.remove(key(service, instanceId));
		this.renewedAtIndex = -1;
	}

	/**
	 * Renews the leases that would run out during the next step, except those left to run out. The instances are
	 * listed again only when the registry has changed or a known lease is about to end.
	 */
	private void renewLiveLeases(Duration step) {
		Instant horizon = now().plus(step);
		long index = this.api.index();
		if (index == this.renewedAtIndex && horizon.isBefore(this.nextLeaseEnd)) {
			return;
		}
		Instant next = Instant.MAX;
		for (ServiceSummary service : this.api.services()) {
			for (InstanceView instance : this.api.instances(service.name(), false)) {
				if (this.unrenewed.contains(key(instance.service(), instance.instanceId()))) {
					continue;
				}
				Instant end = instance.leaseExpiresAt();
				if (!end.isAfter(horizon)) {
					LeaseView lease = this.api.heartbeat(instance.service(), instance.instanceId());
					end = (lease != null) ? lease.leaseExpiresAt() : Instant.MAX;
				}
				next = (end.isBefore(next)) ? end : next;
			}
		}
		this.renewedAtIndex = index;
		this.nextLeaseEnd = next;
	}

	private void runTimers() {
		try {
			this.server.tick().get(TIMERS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The registry's timers failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The registry's health checks did not finish within " + TIMERS_TIMEOUT, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the registry's timers ran", ex);
		}
	}

	static String key(String service, String instanceId) {
		return service.toLowerCase(Locale.ROOT) + "/" + instanceId.toLowerCase(Locale.ROOT);
	}

}
