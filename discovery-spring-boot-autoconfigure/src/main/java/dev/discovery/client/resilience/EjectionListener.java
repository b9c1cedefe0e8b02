package dev.discovery.client.resilience;

import java.time.Duration;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Hears of this caller's ejections: the suspect reports to the registry and the metrics.
 */
public interface EjectionListener {

	/**
	 * An instance has just been ejected.
	 * @param instance the instance
	 * @param reason what ejected it ({@code refused}, {@code failures} or {@code retry-after})
	 * @param duration how long it is skipped
	 */
	void ejected(ServiceInstance instance, String reason, Duration duration);

	/**
	 * More of a service's instances are ejected than the maximum allows, so some are offered anyway.
	 * @param service the service
	 */
	default void capped(String service) {
	}

}
