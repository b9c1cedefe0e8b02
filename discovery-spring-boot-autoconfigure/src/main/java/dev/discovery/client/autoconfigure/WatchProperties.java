package dev.discovery.client.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The watch that keeps a local view of the registry, under {@code discovery.watch}.
 */
@ConfigurationProperties("discovery.watch")
@Validated
public class WatchProperties implements Validator {

	/** Whether lookups read a local view fed by the registry's watch stream instead of asking the registry. */
	private boolean enabled = true;

	/** How long a silent watch stream is trusted; the registry sends a heartbeat every 10s by default. */
	private Duration idleTimeout = Duration.ofSeconds(35);

	/** First delay before reconnecting after the watch failed; doubles up to the maximum. */
	private Duration reconnectDelay = Duration.ofMillis(500);

	/** Longest delay between reconnection attempts. */
	private Duration maxReconnectDelay = Duration.ofSeconds(15);

	/** How long a service may go without a lookup before the watch drops it; 0 keeps every service. */
	private Duration forgetAfter = Duration.ofMinutes(10);

	/**
	 * Whether to tell the registry which index the local view has applied, so it can measure time to truth and
	 * confirm to a stopping instance that callers applied its removal.
	 */
	private boolean acknowledge = true;

	/** Shortest time between two acknowledgements; each carries every index applied since, with its own time. */
	private Duration acknowledgeInterval = Duration.ofSeconds(1);

	public Duration getAcknowledgeInterval() {
		return this.acknowledgeInterval;
	}

	public void setAcknowledgeInterval(Duration acknowledgeInterval) {
		this.acknowledgeInterval = acknowledgeInterval;
	}

	public boolean isAcknowledge() {
		return this.acknowledge;
	}

	public void setAcknowledge(boolean acknowledge) {
		this.acknowledge = acknowledge;
	}

	public Duration getForgetAfter() {
		return this.forgetAfter;
	}

	public void setForgetAfter(Duration forgetAfter) {
		this.forgetAfter = forgetAfter;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getReconnectDelay() {
		return this.reconnectDelay;
	}

	public void setReconnectDelay(Duration reconnectDelay) {
		this.reconnectDelay = reconnectDelay;
	}

	public Duration getMaxReconnectDelay() {
		return this.maxReconnectDelay;
	}

	public void setMaxReconnectDelay(Duration maxReconnectDelay) {
		this.maxReconnectDelay = maxReconnectDelay;
	}

	@Override
	public boolean supports(Class<?> type) {
		return WatchProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		WatchProperties watch = (WatchProperties) target;
		positive(errors, "idleTimeout", "idle-timeout", watch.getIdleTimeout());
		if (positive(errors, "reconnectDelay", "reconnect-delay", watch.getReconnectDelay())
				&& watch.getMaxReconnectDelay().compareTo(watch.getReconnectDelay()) < 0) {
			errors.rejectValue("maxReconnectDelay", "invalid", "discovery.watch.max-reconnect-delay ("
					+ watch.getMaxReconnectDelay().toMillis() + "ms) must not be shorter than "
					+ "discovery.watch.reconnect-delay (" + watch.getReconnectDelay().toMillis() + "ms)");
		}
	}

	private static boolean positive(Errors errors, String field, String property, Duration value) {
		if (value.isZero() || value.isNegative()) {
			errors.rejectValue(field, "invalid",
					"discovery.watch." + property + " (" + value.toMillis() + "ms) must be positive");
			return false;
		}
		return true;
	}

}
