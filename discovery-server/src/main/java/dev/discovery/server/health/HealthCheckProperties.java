package dev.discovery.server.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The registry's own health checks of instances, under {@code discovery.server.health}. What each instance is
 * checked with (type, path, interval, thresholds) comes from its registration.
 */
@ConfigurationProperties("discovery.server.health")
public class HealthCheckProperties {

	/** Whether the registry checks instances that registered an HTTP or TCP check. */
	private boolean enabled = true;

	/** How often the checker looks for due checks; a check starts at most this late. */
	private Duration tick = Duration.ofMillis(250);

	/** Checks that may run at once; due checks beyond it wait for a later round. */
	private int maxConcurrentChecks = 1000;

	/** Threads that record check results (no thread waits on a check). */
	private int threads = 2;

	/** Whether to connect back to a registering instance's host and port and refuse it if that fails. */
	private boolean verifyAddress = false;

	/** How long the connect-back at registration may take. */
	private Duration verifyTimeout = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getTick() {
		return this.tick;
	}

	public void setTick(Duration tick) {
		this.tick = tick;
	}

	public int getMaxConcurrentChecks() {
		return this.maxConcurrentChecks;
	}

	public void setMaxConcurrentChecks(int maxConcurrentChecks) {
		this.maxConcurrentChecks = maxConcurrentChecks;
	}

	public int getThreads() {
		return this.threads;
	}

	public void setThreads(int threads) {
		this.threads = threads;
	}

	public boolean isVerifyAddress() {
		return this.verifyAddress;
	}

	public void setVerifyAddress(boolean verifyAddress) {
		this.verifyAddress = verifyAddress;
	}

	public Duration getVerifyTimeout() {
		return this.verifyTimeout;
	}

	public void setVerifyTimeout(Duration verifyTimeout) {
		this.verifyTimeout = verifyTimeout;
	}

}
