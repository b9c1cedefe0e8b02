package dev.discovery.client.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.discovery.protocol.HealthCheckType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of the discovery client, under {@code discovery}.
 */
@ConfigurationProperties("discovery")
public class DiscoveryProperties {

	/** Whether the discovery client is enabled at all. */
	private boolean enabled = true;

	/** Whether the application fails to start when it cannot register, rather than retrying in the background. */
	private boolean failFast;

	@NestedConfigurationProperty
	private final Registry registry = new Registry();

	@NestedConfigurationProperty
	private final Instance instance = new Instance();

	@NestedConfigurationProperty
	private final Heartbeat heartbeat = new Heartbeat();

	@NestedConfigurationProperty
	private final Lease lease = new Lease();

	@NestedConfigurationProperty
	private final HealthCheck healthCheck = new HealthCheck();

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

	public Registry getRegistry() {
		return this.registry;
	}

	public Instance getInstance() {
		return this.instance;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Lease getLease() {
		return this.lease;
	}

	public HealthCheck getHealthCheck() {
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

	/**
	 * Where the registry is.
	 */
	public static class Registry {

		/** Registry base URLs; requests fail over in order and return to the first when it is back. */
		private List<URI> url = new ArrayList<>(List.of(URI.create("http://localhost:8761")));

		/** How long to wait for a connection to one registry URL. */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/** How long to wait for one registry URL's answer. */
		private Duration readTimeout = Duration.ofSeconds(5);

		/** How long to stay on a fallback registry URL before trying the first one again. */
		private Duration failbackAfter = Duration.ofSeconds(30);

		public List<URI> getUrl() {
			return this.url;
		}

		public void setUrl(List<URI> url) {
			this.url = url;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public Duration getFailbackAfter() {
			return this.failbackAfter;
		}

		public void setFailbackAfter(Duration failbackAfter) {
			this.failbackAfter = failbackAfter;
		}

	}

	/**
	 * What this instance registers.
	 */
	public static class Instance {

		/** Service name; defaults to spring.application.name, sanitised to a lower-case DNS label. */
		private @Nullable String serviceName;

		/** Instance id; defaults to service-host-port sanitised to a DNS label. */
		private @Nullable String instanceId;

		/** Host callers should use; by default chosen from the network interfaces (and logged). */
		private @Nullable String host;

		/** Whether to register the IP address rather than the host name. */
		private boolean preferIpAddress;

		/** Port callers should use; defaults to the port the web server really listens on. */
		private @Nullable Integer port;

		/** Whether callers should use TLS. */
		private boolean secure;

		/** Free-form metadata sent with the registration. */
		private Map<String, String> metadata = new LinkedHashMap<>();

		/** Availability zone, for Spring Cloud LoadBalancer's zone preference. */
		private @Nullable String zone;

		/** Relative share of traffic (1-1000), for Spring Cloud LoadBalancer's weighted supplier. */
		private @Nullable Integer weight;

		/** Free-form labels sent with the registration. */
		private List<String> tags = new ArrayList<>();

		public @Nullable String getServiceName() {
			return this.serviceName;
		}

		public void setServiceName(@Nullable String serviceName) {
			this.serviceName = serviceName;
		}

		public @Nullable String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(@Nullable String instanceId) {
			this.instanceId = instanceId;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public boolean isPreferIpAddress() {
			return this.preferIpAddress;
		}

		public void setPreferIpAddress(boolean preferIpAddress) {
			this.preferIpAddress = preferIpAddress;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public boolean isSecure() {
			return this.secure;
		}

		public void setSecure(boolean secure) {
			this.secure = secure;
		}

		public Map<String, String> getMetadata() {
			return this.metadata;
		}

		public void setMetadata(Map<String, String> metadata) {
			this.metadata = metadata;
		}

		public @Nullable String getZone() {
			return this.zone;
		}

		public void setZone(@Nullable String zone) {
			this.zone = zone;
		}

		public @Nullable Integer getWeight() {
			return this.weight;
		}

		public void setWeight(@Nullable Integer weight) {
			this.weight = weight;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

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
	 * How the registry checks this instance.
	 */
	public static class HealthCheck {

		/** Kind of check: HTTP (GET the path), TCP (connect to the port) or TTL (heartbeats only). */
		private HealthCheckType type = HealthCheckType.HTTP;

		/** Path the registry GETs for HTTP checks. */
		private String path = "/health/ready";

		/** Time between checks. */
		private Duration interval = Duration.ofSeconds(5);

		/** How long one check may take. */
		private Duration timeout = Duration.ofSeconds(2);

		/** Consecutive failures before the instance leaves the passing view. */
		private int failureThreshold = 3;

		/** How long the instance may stay critical before the registry removes it. */
		private Duration deregisterAfter = Duration.ofMinutes(1);

		public HealthCheckType getType() {
			return this.type;
		}

		public void setType(HealthCheckType type) {
			this.type = type;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getDeregisterAfter() {
			return this.deregisterAfter;
		}

		public void setDeregisterAfter(Duration deregisterAfter) {
			this.deregisterAfter = deregisterAfter;
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
