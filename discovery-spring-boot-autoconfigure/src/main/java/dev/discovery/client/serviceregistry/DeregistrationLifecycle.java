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
 * Then it waits {@code drainTimeout} so that callers' views of the registry catch up before the server stops
 * accepting requests.
 */
public class DeregistrationLifecycle implements SmartLifecycle {

	/** Stops before the web server's graceful shutdown. */
	public static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;

	private static final Log logger = LogFactory.getLog(DeregistrationLifecycle.class);

	private final DiscoveryAutoServiceRegistration autoServiceRegistration;

	private final Duration drainTimeout;

	private volatile boolean running;

	/**
	 * Creates the lifecycle.
	 * @param autoServiceRegistration the auto-registration to stop
	 * @param drainTimeout how long to wait after deregistering before the server drains
	 */
	public DeregistrationLifecycle(DiscoveryAutoServiceRegistration autoServiceRegistration, Duration drainTimeout) {
		this.autoServiceRegistration = autoServiceRegistration;
		this.drainTimeout = drainTimeout;
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
		logger.info("Waiting " + this.drainTimeout.toMillis() + " ms for callers to see the deregistration");
		CompletableFuture.delayedExecutor(this.drainTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(callback);
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
