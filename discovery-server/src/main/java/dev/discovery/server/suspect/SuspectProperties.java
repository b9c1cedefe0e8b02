package dev.discovery.server.suspect;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Suspect reports, under {@code discovery.server.suspect}.
 */
@ConfigurationProperties("discovery.server.suspect")
public class SuspectProperties {

	/** Whether callers may report instances that look dead, for an immediate health check. */
	private boolean enabled = true;

	/** Reports per second each caller (token, or address when open) may send; more answer 429. */
	private int rate = 10;

	/** Reports a caller may send at once before the rate applies. */
	private int burst = 20;

	/** Shortest time between two report-triggered checks of the same instance; reports in between are answered by the running or last check. */
	private Duration minInterval = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getRate() {
		return this.rate;
	}

	public void setRate(int rate) {
		this.rate = rate;
	}

	public int getBurst() {
		return this.burst;
	}

	public void setBurst(int burst) {
		this.burst = burst;
	}

	public Duration getMinInterval() {
		return this.minInterval;
	}

	public void setMinInterval(Duration minInterval) {
		this.minInterval = minInterval;
	}

}
