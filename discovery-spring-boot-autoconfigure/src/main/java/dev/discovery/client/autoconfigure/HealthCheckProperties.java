package dev.discovery.client.autoconfigure;

import java.time.Duration;

import dev.discovery.protocol.HealthCheckType;

/**
 * How the registry checks this instance, under {@code discovery.health-check}.
 */
public class HealthCheckProperties {

	/** Kind of check: HTTP (GET the path), TCP (connect to the port) or TTL (heartbeats only). */
	private HealthCheckType type = HealthCheckType.HTTP;

	/**
	 * Path the registry GETs for HTTP checks, under the application's context path (server.servlet.context-path
	 * or spring.webflux.base-path), where the health endpoints are served too.
	 */
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
