package dev.discovery.client.registry;

import java.time.Duration;

/**
 * Receives what the client measures. Implemented with Micrometer when it is present.
 */
public interface RegistryMetrics {

	/** Records nothing. */
	RegistryMetrics NONE = new RegistryMetrics() {
	};

	/**
	 * One HTTP request to one registry URL has completed.
	 * @param operation the operation, for example {@code register} or {@code heartbeat}
	 * @param outcome {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} or {@code UNREACHABLE}
	 * @param duration how long the request took
	 */
	default void request(String operation, String outcome, Duration duration) {
	}

	/**
	 * A registration attempt has completed.
	 * @param success whether the registry accepted it
	 */
	default void registration(boolean success) {
	}

	/**
	 * A heartbeat has completed.
	 * @param success whether the registry renewed the lease
	 */
	default void heartbeat(boolean success) {
	}

}
