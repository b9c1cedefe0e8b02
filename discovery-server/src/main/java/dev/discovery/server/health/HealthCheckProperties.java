package dev.discovery.server.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

	/** Which addresses checks and the connect-back may reach. */
	private final Targets targets = new Targets();

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

	public Targets getTargets() {
		return this.targets;
	}

	/**
	 * Which addresses checks may reach: a check always targets its instance's registered host and port, and that
	 * address must pass these rules at registration (else 422) and again at every check (a name may resolve anew).
	 */
	public static class Targets {

		/**
		 * Address ranges (CIDR) checks may reach, even on the registry's own host; when set, no other address is
		 * checked.
		 */
		private List<String> allow = new ArrayList<>();

		/** Address ranges (CIDR) checks never reach; link-local (cloud metadata) by default. */
		private List<String> deny = new ArrayList<>(List.of("169.254.0.0/16", "fe80::/10"));

		/**
		 * Whether checks of the registry's own host (loopback, 0.0.0.0 and its interface addresses) are refused,
		 * unless the registry binds loopback (server.address). Its own ports are refused on it in any case.
		 */
		private boolean denyOwnHost = true;

		public List<String> getAllow() {
			return this.allow;
		}

		public void setAllow(List<String> allow) {
			this.allow = allow;
		}

		public List<String> getDeny() {
			return this.deny;
		}

		public void setDeny(List<String> deny) {
			this.deny = deny;
		}

		public boolean isDenyOwnHost() {
			return this.denyOwnHost;
		}

		public void setDenyOwnHost(boolean denyOwnHost) {
			this.denyOwnHost = denyOwnHost;
		}

	}

}
