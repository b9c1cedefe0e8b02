package dev.discovery.server.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.discovery.server.registry.InstanceSpec;

/**
 * Checks one instance without blocking the caller. The future always completes, normally, within about the
 * timeout: a failure to reach the instance is a {@code CRITICAL} result, never an exceptional future.
 */
@FunctionalInterface
public interface HealthProbe {

	/**
	 * Starts a check.
	 * @param instance what the instance registered with
	 * @param timeout how long the check may take
	 * @return the result, when it is known
	 */
	CompletableFuture<CheckResult> check(InstanceSpec instance, Duration timeout);

}
