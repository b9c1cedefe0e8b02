package dev.discovery.client.watch;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the watch that feeds the local view: {@code UP} while the stream is open (or nothing is watched yet),
 * {@code UNKNOWN} while no registry answers and lookups are served from the last known view. It never reports
 * {@code DOWN}: the application keeps working on that view, so it should not be taken out of traffic for it.
 */
public class WatchHealthIndicator extends AbstractHealthIndicator {

	private final RegistryWatch watch;

	private final RegistryView view;

	/**
	 * Creates the indicator.
	 * @param watch the watch
	 * @param view the view it feeds
	 */
	public WatchHealthIndicator(RegistryWatch watch, RegistryView view) {
		super("Discovery watch health check failed");
		this.watch = watch;
		this.view = view;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean serving = this.watch.isConnected() || this.watch.services().isEmpty();
		builder.status(serving ? Status.UP : Status.UNKNOWN)
			.withDetail("connected", this.watch.isConnected())
			.withDetail("index", this.view.index())
			.withDetail("services", this.watch.services());
		String error = this.watch.lastError();
		if (error != null) {
			builder.withDetail("lastError", error);
		}
	}

}
