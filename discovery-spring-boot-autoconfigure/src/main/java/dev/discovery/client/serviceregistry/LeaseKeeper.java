package dev.discovery.client.serviceregistry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Keeps one registration alive: registers (retrying with back-off while the registry is unreachable), then sends a
 * heartbeat every interval. A heartbeat answered with 404 means the registry forgot the instance (a restart, an
 * expired lease), so it registers again at once.
 */
public class LeaseKeeper {

	private static final Log logger = LogFactory.getLog(LeaseKeeper.class);

	private final RegistryClient client;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final Duration heartbeatInterval;

	private final Backoff backoff;

	private final RegistryMetrics metrics;

	private final DiscoveryRegistration registration;

	private int failedAttempts;

	private boolean stopped;

	/** Whether the registry has accepted the registration; status changes before that ride on it. */
	private volatile boolean registered;

	private @Nullable ScheduledFuture<?> next;

	LeaseKeeper(RegistryClient client, TaskScheduler scheduler, Clock clock, Duration heartbeatInterval,
			Backoff backoff, RegistryMetrics metrics, DiscoveryRegistration registration) {
		this.client = client;
		this.scheduler = scheduler;
		this.clock = clock;
		this.heartbeatInterval = heartbeatInterval;
		this.backoff = backoff;
		this.metrics = metrics;
		this.registration = registration;
	}

	/**
	 * Registers. With fail-fast, now, throwing on failure, so startup stops. Without, in the background at once,
	 * retrying while the registry is unreachable, so the application's startup never waits for the registry.
	 * @param failFast whether a failure should be thrown rather than retried
	 * @throws RegistryException if {@code failFast} and the registration failed
	 */
	synchronized void start(boolean failFast) {
		if (failFast) {
			register();
			return;
		}
		schedule(this::retryRegistration, Duration.ZERO);
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
		catch (RegistryException ex) {
			this.metrics.registration(false);
			throw ex;
		}
		this.metrics.registration(true);
		this.failedAttempts = 0;
		logger.info("Registered " + this.registration + " with " + this.client.currentUrl());
		schedule(this::heartbeat, this.heartbeatInterval);
	}

	private synchronized void retryRegistration() {
		if (this.stopped) {
			return;
		}
		try {
			register();
		}
		catch (RegistryException ex) {
			retryLater(ex);
		}
	}

	private void retryLater(RegistryException ex) {
		this.failedAttempts++;
		Duration delay = this.backoff.delay(this.failedAttempts);
		logger.warn("Could not register " + this.registration + " (attempt " + this.failedAttempts + "), retrying in "
				+ delay.toMillis() + " ms: " + ex.getMessage());
		schedule(this::retryRegistration, delay);
	}

	private synchronized void heartbeat() {
		if (this.stopped) {
			return;
		}
		try {
			this.client.heartbeat(this.registration.getServiceId(), this.registration.getInstanceId());
			this.metrics.heartbeat(true);
		}
		catch (RegistryException ex) {
			this.metrics.heartbeat(false);
			if (ex.isNotFound()) {
				logger.info("Registry " + ex.getRegistryUrl() + " no longer knows " + this.registration
						+ ": registering again");
				retryRegistration();
				return;
			}
			logger.warn("Heartbeat of " + this.registration + " failed: " + ex.getMessage());
		}
		schedule(this::heartbeat, this.heartbeatInterval);
	}

	private void schedule(Runnable task, Duration delay) {
		if (this.stopped) {
			return;
		}
		try {
			this.next = this.scheduler.schedule(task, this.clock.instant().plus(delay));
		}
		catch (TaskRejectedException ex) {
			// The context is closing and its scheduler has shut down; deregistration follows.
			this.stopped = true;
		}
	}

}
