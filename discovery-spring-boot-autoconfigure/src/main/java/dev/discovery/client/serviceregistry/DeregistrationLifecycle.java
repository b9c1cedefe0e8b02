package dev.discovery.client.serviceregistry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Deregisters this application when the context closes, before Boot's graceful shutdown starts draining in-flight
 * requests: its phase is above {@link WebServerGracefulShutdownLifecycle#SMART_LIFECYCLE_PHASE}, so it stops first.
 * Then it waits until callers' views of the registry have caught up, at most {@code drainTimeout}, before the server
 * stops accepting requests: with a {@link Propagation} that the registry confirms, only as long as that takes.
 */
public class DeregistrationLifecycle implements SmartLifecycle {

	/** Stops before the web server's graceful shutdown. */
	public static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;

	/** How long callers get to act on a confirmed deregistration. */
	private static final Duration SETTLE = Duration.ofMillis(300);

	private static final Log logger = LogFactory.getLog(DeregistrationLifecycle.class);

	private final DiscoveryAutoServiceRegistration autoServiceRegistration;

	private final Duration drainTimeout;

	private final Propagation propagation;

	private volatile boolean running;

	/**
	 * Creates the lifecycle.
	 * @param autoServiceRegistration the auto-registration to stop
	 * @param drainTimeout how long to wait after deregistering before the server drains
	 */
	public DeregistrationLifecycle(DiscoveryAutoServiceRegistration autoServiceRegistration, Duration drainTimeout) {
		this(autoServiceRegistration, drainTimeout, (timeout) -> false);
	}

	/**
	 * Creates the lifecycle.
	 * @param autoServiceRegistration the auto-registration to stop
	 * @param drainTimeout the longest wait after deregistering before the server drains
	 * @param propagation confirms that callers have seen the deregistration, ending the wait early
	 */
	public DeregistrationLifecycle(DiscoveryAutoServiceRegistration autoServiceRegistration, Duration drainTimeout,
			Propagation propagation) {
		this.autoServiceRegistration = autoServiceRegistration;
		this.drainTimeout = drainTimeout;
		this.propagation = propagation;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.autoServiceRegistration.stop();
	}

	@Override
	public void stop(Runnable callback) {
		boolean wasRegistered = this.autoServiceRegistration.isRunning();
		stop();
		if (!wasRegistered || this.drainTimeout.isZero()) {
			callback.run();
			return;
		}
		logger.info("Waiting up to " + this.drainTimeout.toMillis() + " ms for callers to see the deregistration");
		long started = System.nanoTime();
		CompletableFuture.runAsync(() -> {
			boolean confirmed = confirmed();
			long left = this.drainTimeout.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis();
			if (confirmed) {
				// Delivered to the watchers' sockets: leave them a moment to apply it, and requests already routed
				// here a moment to arrive, before the server stops taking new ones.
				left = Math.min(SETTLE.toMillis(), left);
			}
			CompletableFuture.delayedExecutor(Math.max(0, left), TimeUnit.MILLISECONDS).execute(callback);
		});
	}

	private boolean confirmed() {
		try {
			return this.propagation.await(this.drainTimeout);
		}
		catch (RuntimeException ex) {
			logger.debug("Registry could not confirm the deregistration reached callers; waiting the full drain", ex);
			return false;
		}
	}

	/**
	 * Confirms that callers have seen a deregistration.
	 */
	@FunctionalInterface
	public interface Propagation {

		/**
		 * Waits until callers have seen the deregistration.
		 * @param timeout the longest wait
		 * @return {@code true} if confirmed, {@code false} if it could not be
		 */
		boolean await(Duration timeout);

	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
