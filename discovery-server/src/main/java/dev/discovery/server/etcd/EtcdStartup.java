package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A replica's start-up steps, each tried until it succeeds or the start-up time is up: etcd may still be electing a
 * leader when the replica starts.
 */
final class EtcdStartup {

	private static final Log logger = LogFactory.getLog(EtcdStartup.class);

	/** How long a replica keeps trying to load the registry from etcd before it gives up starting. */
	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();

	/**
	 * Tries a step until it succeeds or the start-up time is up.
	 * @param step what it does, for the log
	 * @param call the step
	 * @return what the step returned
	 * @throws Exception the step's last failure, once the time is up
	 */
	<T> T retrying(String step, Callable<T> call) throws Exception {
		while (true) {
			try {
				return call.call();
			}
			catch (Exception ex) {
				if (System.nanoTime() - this.deadline > 0) {
					throw ex;
				}
				logger.warn("Could not " + step + " from etcd yet (" + EtcdStore.describe(ex) + "); trying again");
				Thread.sleep(500);
			}
		}
	}

	/**
	 * Tries a step that returns nothing until it succeeds or the start-up time is up.
	 * @param step what it does, for the log
	 * @param run the step
	 * @throws Exception the step's last failure, once the time is up
	 */
	void retrying(String step, Step run) throws Exception {
		retrying(step, () -> {
			run.run();
			return null;
		});
	}

	/** A start-up step that returns nothing. */
	@FunctionalInterface
	interface Step {

		void run() throws Exception;

	}

}
