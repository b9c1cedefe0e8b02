package dev.discovery.client.autoconfigure;

import java.net.URI;
import java.time.Duration;

import dev.discovery.protocol.HealthCheckType;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.Errors;

/**
 * The rules {@link DiscoveryProperties} are checked against when they are bound, so a mistake fails startup with
 * the property's name instead of surfacing later as a lease that expires between heartbeats or a registry that
 * refuses the registration. Needs no Bean Validation provider on the classpath.
 */
final class DiscoveryPropertiesValidator {

	private static final int MAX_WEIGHT = 1000;

	private DiscoveryPropertiesValidator() {
	}

	static void validate(DiscoveryProperties properties, Errors errors) {
		registry(properties.getRegistry(), errors);
		lease(properties, errors);
		instance(properties.getInstance(), errors);
		healthCheck(properties.getHealthCheck(), errors);
		DiscoveryProperties.Retry retry = properties.getRetry();
		positive(errors, "retry.initial-interval", retry.getInitialInterval());
		if (retry.getMaxInterval().compareTo(retry.getInitialInterval()) < 0) {
			reject(errors, "retry.max-interval", "discovery.retry.max-interval (" + text(retry.getMaxInterval())
					+ ") must not be shorter than discovery.retry.initial-interval (" + text(retry.getInitialInterval()) + ")");
		}
		notNegative(errors, "shutdown.drain-timeout", properties.getShutdown().getDrainTimeout());
	}

	private static void registry(RegistryProperties registry, Errors errors) {
		if (registry.getUrl().isEmpty()) {
			reject(errors, "registry.url", "discovery.registry.url must name at least one registry");
		}
		for (URI url : registry.getUrl()) {
			String scheme = url.getScheme();
			if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
				reject(errors, "registry.url", "discovery.registry.url '" + url
						+ "' is not an absolute http or https URL with a host (e.g. http://registry:8761)");
			}
		}
		positive(errors, "registry.connect-timeout", registry.getConnectTimeout());
		positive(errors, "registry.read-timeout", registry.getReadTimeout());
		notNegative(errors, "registry.failback-after", registry.getFailbackAfter());
	}

	private static void lease(DiscoveryProperties properties, Errors errors) {
		Duration interval = properties.getHeartbeat().getInterval();
		Duration ttl = properties.getLease().getTtl();
		boolean bothPositive = positive(errors, "heartbeat.interval", interval)
				& positive(errors, "lease.ttl", ttl);
		if (bothPositive && interval.compareTo(ttl) >= 0) {
			reject(errors, "heartbeat.interval", "discovery.heartbeat.interval (" + text(interval)
					+ ") must be shorter than discovery.lease.ttl (" + text(ttl) + "), or the lease expires between "
					+ "heartbeats; a third of the TTL or less survives a lost heartbeat");
		}
	}

	private static void instance(InstanceProperties instance, Errors errors) {
		Integer weight = instance.getWeight();
		if (weight != null && (weight < 1 || weight > MAX_WEIGHT)) {
			reject(errors, "instance.weight",
					"discovery.instance.weight (" + weight + ") must be between 1 and " + MAX_WEIGHT);
		}
		Integer port = instance.getPort();
		if (port != null && (port < 1 || port > 65535)) {
			reject(errors, "instance.port",
					"discovery.instance.port (" + port + ") must be between 1 and 65535");
		}
	}

	private static void healthCheck(HealthCheckProperties check, Errors errors) {
		if (check.getType() == HealthCheckType.TTL) {
			return;
		}
		if (check.getType() == HealthCheckType.HTTP && !check.getPath().startsWith("/")) {
			reject(errors, "health-check.path",
					"discovery.health-check.path '" + check.getPath() + "' must start with '/'");
		}
		positive(errors, "health-check.interval", check.getInterval());
		positive(errors, "health-check.timeout", check.getTimeout());
		positive(errors, "health-check.deregister-after", check.getDeregisterAfter());
		if (check.getFailureThreshold() < 1) {
			reject(errors, "health-check.failure-threshold", "discovery.health-check.failure-threshold ("
					+ check.getFailureThreshold() + ") must be at least 1");
		}
	}

	private static boolean positive(Errors errors, String property, @Nullable Duration value) {
		return new PropertyChecks(errors, "discovery.").positive(property, value);
	}

	private static void notNegative(Errors errors, String property, @Nullable Duration value) {
		new PropertyChecks(errors, "discovery.").notNegative(property, value);
	}

	private static String text(@Nullable Duration value) {
		return PropertyChecks.text(value);
	}

	private static void reject(Errors errors, String property, String message) {
		new PropertyChecks(errors, "discovery.").reject(property, message);
	}

}
