package dev.discovery.client.serviceregistry;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one registration alive: registers (retrying with back-off while that fails), then sends a heartbeat every
 * interval. A heartbeat answered with 404 means the registry forgot the instance (a restart, an expired lease), so
 * it registers again at once. Whatever one attempt throws (an unreachable registry, garbage from a proxy, a bug),
 * the next attempt is scheduled: the chain ends only when the lease keeper is stopped. Delays are durations on the
 * keeper's own scheduler, never instants of a clock.
 */
public class LeaseKeeper {

	private static final Log logger = LogFactory.getLog(LeaseKeeper.class);

	private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);

	private final RegistryClient client;

	private final ScheduledExecutorService scheduler;

	private final Duration heartbeatInterval;

	private final Backoff backoff;

	private final RegistryMetrics metrics;

	private final DiscoveryRegistration registration;

	private int failedAttempts;

	private boolean stopped;

	/** Whether the registry holds the registration; status changes before that ride on it. */
	private volatile boolean registered;

	private @Nullable ScheduledFuture<?> next;

	LeaseKeeper(RegistryClient client, ScheduledExecutorService scheduler, Duration heartbeatInterval,
			Backoff backoff, RegistryMetrics metrics, DiscoveryRegistration registration) {
		this.client = client;
		this.scheduler = scheduler;
		this.heartbeatInterval = heartbeatInterval;
		this.backoff = backoff;
		this.metrics = metrics;
		this.registration = registration;
	}

	/**
	 * Registers. With fail-fast, now, throwing on failure, so startup stops. Without, in the background at once,
	 * retrying while it fails, so the application's startup never waits for the registry.
	 * @param failFast whether a failure should be thrown rather than retried
	 * @throws RuntimeException if {@code failFast} and the registration failed
	 */
	synchronized void start(boolean failFast) {
		if (failFast) {
			register();
			schedule(this.heartbeatInterval);
			return;
		}
		schedule(Duration.ZERO);
	}

	/**
	 * Whether the registry has accepted the registration.
	 * @return {@code true} once registered
	 */
	boolean registered() {
		return this.registered;
	}

	/**
	 * Stops heartbeats and retries.
	 */
	synchronized void stop() {
		this.stopped = true;
		if (this.next != null) {
			this.next.cancel(false);
		}
	}

	/** One step of the chain: register or renew. Always schedules the next step unless stopped. */
	private synchronized void tick() {
		if (this.stopped) {
			return;
		}
		Duration delay = this.heartbeatInterval;
		try {
			if (this.registered) {
				delay = heartbeat();
			}
			else {
				register();
			}
		}
		catch (Throwable ex) {
			delay = failed(ex);
		}
		finally {
			schedule(delay);
		}
	}

	private void register() {
		InstanceRegistration request = this.registration.toRequest();
		try {
			this.client.register(this.registration.getServiceId(), this.registration.getInstanceId(), request);
			// Set before reading the status: a status change racing this either sees the flag or is seen here.
			this.registered = true;
			InstanceStatus now = this.registration.getStatus();
			if (now != request.status()) {
				// The status changed while the registration was in flight (for example STARTING -> UP).
				this.client.setStatus(this.registration.getServiceId(), this.registration.getInstanceId(), now);
			}
		}
		catch (RuntimeException ex) {
			this.registered = false;
			this.metrics.registration(false);
			throw ex;
		}
		this.metrics.registration(true);
		this.failedAttempts = 0;
		logger.info("Registered " + this.registration + " with " + this.client.currentUrl());
	}

	/** Renews the lease; the delay until the next step. */
	private Duration heartbeat() {
		try {
			this.client.heartbeat(this.registration.getServiceId(), this.registration.getInstanceId());
			this.metrics.heartbeat(true);
			this.failedAttempts = 0;
			return this.heartbeatInterval;
		}
		catch (RegistryException ex) {
			if (!ex.isNotFound()) {
				this.metrics.heartbeat(false);
				throw ex;
			}
			this.metrics.heartbeat(false);
			logger.info("Registry " + ex.getRegistryUrl() + " no longer knows " + this.registration
					+ ": registering again");
			this.registered = false;
			return Duration.ZERO;
		}
		catch (RuntimeException ex) {
			this.metrics.heartbeat(false);
			throw ex;
		}
	}

	/** Logs a failed step; the delay until the next one. */
	private Duration failed(Throwable ex) {
		this.failedAttempts++;
		String what = this.registered ? "Heartbeat of " : "Registration of ";
		Duration delay = this.registered ? this.heartbeatInterval : this.backoff.delay(this.failedAttempts);
		if (ex instanceof RegistryException registry) {
			if (registry.isAuthorizationFailure()) {
				// Logged once at ERROR by the client's RegistryAccess; a new token needs no restart.
				return this.backoff.max();
			}
			Duration retryAfter = registry.getRetryAfter();
			if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
				// As long as the registry asks, within reason: a hostile answer must not park the lease for days.
				delay = (retryAfter.compareTo(LONGEST_RETRY_AFTER) < 0) ? retryAfter : LONGEST_RETRY_AFTER;
			}
			log(what + this.registration + " failed (attempt " + this.failedAttempts + "), next in "
					+ delay.toMillis() + " ms: " + ex.getMessage(), null);
		}
		else {
			log(what + this.registration + " failed (attempt " + this.failedAttempts + "), next in "
					+ delay.toMillis() + " ms", ex);
		}
		return delay;
	}

	/** At WARN the first failure and every tenth after it, so an outage is visible without a line per second. */
	private void log(String message, @Nullable Throwable ex) {
		if (this.failedAttempts == 1 || this.failedAttempts % 10 == 0) {
			logger.warn(message, ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	private void schedule(Duration delay) {
		if (this.stopped) {
			return;
		}
		try {
			this.next = this.scheduler.schedule(this::tick, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The scheduler has shut down with the service registry; deregistration follows.
			this.stopped = true;
		}
	}

}
