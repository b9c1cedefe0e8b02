package dev.discovery.server.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.StoreUnavailableException;

/**
 * Removes instances whose lease has run out, at a fixed delay on the registry's scheduler. Expiry compares against
 * the registry's clock, never the timer, so a late run removes exactly what has expired by then.
 */
public class LeaseExpirer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LeaseExpirer.class);

	private final Registry registry;

	private final TaskScheduler scheduler;

	private final Duration interval;

	private final ExpiryGuard guard;

	private volatile @Nullable ScheduledFuture<?> task;

	/** Whether the last run found the store taking no writes; runs never overlap (fixed delay). */
	private boolean unavailable;

	public LeaseExpirer(Registry registry, TaskScheduler scheduler, Duration interval, ExpiryGuard guard) {
		this.registry = registry;
		this.scheduler = scheduler;
		this.interval = interval;
		this.guard = guard;
	}

	@Override
	public void start() {
		this.task = this.scheduler.scheduleWithFixedDelay(this::expire, this.interval);
	}

	/**
	 * Removes every instance whose lease has run out now.
	 * @return the expirations
	 */
	public List<RegistryChange> expire() {
		try {
			List<RegistryChange> expired = this.registry.expireLeases(this.guard);
			for (RegistryChange change : expired) {
				logger.info("Expired " + change.service() + "/" + change.instanceId() + ": no heartbeat since "
						+ change.instance().lastHeartbeat());
			}
			if (this.unavailable) {
				this.unavailable = false;
				logger.info("Lease expiry resumed: the registry's store takes writes again");
			}
			return expired;
		}
		catch (StoreUnavailableException ex) {
			// A full disk fails every run, each second, for as long as it lasts: a stack trace each time would fill
			// the log (often on that same disk). Said once; the store's own health and metrics tell the rest.
			if (!this.unavailable) {
				this.unavailable = true;
				logger.warn("Lease expiry paused: the registry's store takes no writes (" + ex.getMessage()
						+ "); expired instances stay until it does, retried every " + this.interval);
			}
			return List.of();
		}
		catch (RuntimeException ex) {
			// A failed run must not cancel the schedule: the next run retries.
			logger.error("Lease expiry failed", ex);
			return List.of();
		}
	}

	@Override
	public void stop() {
		ScheduledFuture<?> running = this.task;
		if (running != null) {
			running.cancel(false);
		}
		this.task = null;
	}

	@Override
	public boolean isRunning() {
		return this.task != null;
	}

}
