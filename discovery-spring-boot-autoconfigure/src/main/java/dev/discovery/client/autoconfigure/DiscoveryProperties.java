package dev.discovery.client.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the discovery client, under {@code discovery}. Checked when bound: a mistake (a heartbeat interval at
 * or above the lease TTL, a registry URL without a host...) fails startup naming the property.
 */
@ConfigurationProperties("discovery")
@Validated
public class DiscoveryProperties implements Validator {

	/** Whether the discovery client is enabled at all. */
	private boolean enabled = true;

	/** Whether the application fails to start when it cannot register, rather than retrying in the background. */
	private boolean failFast;

	/** Order of the discovery clients among the application's others; Spring Cloud's composite client asks the lowest first. */
	private int order;

	@NestedConfigurationProperty
	private final RegistryProperties registry = new RegistryProperties();

	@NestedConfigurationProperty
	private final InstanceProperties instance = new InstanceProperties();

	@NestedConfigurationProperty
	private final Heartbeat heartbeat = new Heartbeat();

	@NestedConfigurationProperty
	private final Lease lease = new Lease();

	@NestedConfigurationProperty
	private final HealthCheckProperties healthCheck = new HealthCheckProperties();

	@NestedConfigurationProperty
	private final Retry retry = new Retry();

	@NestedConfigurationProperty
	private final Shutdown shutdown = new Shutdown();

	@NestedConfigurationProperty
	private final HealthEndpoints healthEndpoints = new HealthEndpoints();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public int getOrder() {
		return this.order;
	}

	public void setOrder(int order) {
		this.order = order;
	}

	public RegistryProperties getRegistry() {
		return this.registry;
	}

	public InstanceProperties getInstance() {
		return this.instance;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Lease getLease() {
		return this.lease;
	}

	public HealthCheckProperties getHealthCheck() {
		return this.healthCheck;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public HealthEndpoints getHealthEndpoints() {
		return this.healthEndpoints;
	}

	@Override
	public boolean supports(Class<?> type) {
		return DiscoveryProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		DiscoveryPropertiesValidator.validate((DiscoveryProperties) target, errors);
	}


	/**
	 * How the lease is renewed.
	 */
	public static class Heartbeat {

		/** Time between heartbeats. */
		private Duration interval = Duration.ofSeconds(5);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * The registration's lease.
	 */
	public static class Lease {

		/** How long the registration lives without a heartbeat. */
		private Duration ttl = Duration.ofSeconds(15);

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * Back-off between registration attempts while the registry is unreachable.
	 */
	public static class Retry {

		/** Delay before the first retry. */
		private Duration initialInterval = Duration.ofSeconds(1);

		/** Longest delay between retries. */
		private Duration maxInterval = Duration.ofSeconds(30);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

	/**
	 * What happens on shutdown.
	 */
	public static class Shutdown {

		/** How long to wait after deregistering, before Boot's graceful shutdown drains in-flight requests. */
		private Duration drainTimeout = Duration.ZERO;

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
		}

	}

	/**
	 * The /health, /health/ready and /health/live endpoints on the application's own port.
	 */
	public static class HealthEndpoints {

		/** Whether to serve any of the health endpoints. */
		private boolean enabled = true;

		/** Whether to serve /health, answering like /actuator/health. */
		private boolean health = true;

		/** Whether to serve /health/ready, answering like /actuator/health/readiness. */
		private boolean ready = true;

		/** Whether to serve /health/live, answering like /actuator/health/liveness. */
		private boolean live = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isHealth() {
			return this.health;
		}

		public void setHealth(boolean health) {
			this.health = health;
		}

		public boolean isReady() {
			return this.ready;
		}

		public void setReady(boolean ready) {
			this.ready = ready;
		}

		public boolean isLive() {
			return this.live;
		}

		public void setLive(boolean live) {
			this.live = live;
		}

	}

}
