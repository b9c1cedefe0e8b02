package dev.discovery.client.watch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges of the watch: {@code discovery.client.watch.connected} (1 while the stream is open),
 * {@code discovery.client.watch.index} (the registry index the local view is at) and
 * {@code discovery.client.watch.services} (services watched).
 */
public class WatchMeterBinder implements MeterBinder {

	private final RegistryWatch watch;

	private final RegistryView view;

	/**
	 * Creates the binder.
	 * @param watch the watch
	 * @param view the view it feeds
	 */
	public WatchMeterBinder(RegistryWatch watch, RegistryView view) {
		this.watch = watch;
		this.view = view;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("discovery.client.watch.connected", this.watch, (w) -> w.isConnected() ? 1 : 0)
			.description("Whether the watch stream to the registry is open")
			.register(registry);
		Gauge.builder("discovery.client.watch.index", this.view, RegistryView::index)
			.description("The registry index the local view is at")
			.register(registry);
		Gauge.builder("discovery.client.watch.services", this.watch, (w) -> w.services().size())
			.description("Services the local view watches")
			.register(registry);
	}

}
