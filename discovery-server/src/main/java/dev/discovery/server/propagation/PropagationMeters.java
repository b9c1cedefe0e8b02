package dev.discovery.server.propagation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Time-to-truth meters: timer {@code discovery.watch.time.to.truth} per service (p50 and p99 published over the
 * sliding window), counter {@code discovery.watch.acknowledgements}, gauges {@code discovery.watch.subscribers}
 * (acknowledging streams) and {@code discovery.watch.lagging} (subscribers behind for longer than the threshold).
 */
final class PropagationMeters {

	private final MeterRegistry meters;

	private final Duration window;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private final Counter acknowledgements;

	PropagationMeters(MeterRegistry meters, Duration window) {
		this.meters = meters;
		this.window = window;
		this.acknowledgements = Counter.builder("discovery.watch.acknowledgements")
			.description("Acknowledgements of applied changes received from watchers")
			.register(meters);
	}

	void gauges(Supplier<Number> subscribers, Supplier<Number> lagging) {
		Gauge.builder("discovery.watch.subscribers", subscribers)
			.description("Open watch streams whose watcher acknowledges what it applies")
			.register(this.meters);
		Gauge.builder("discovery.watch.lagging", lagging)
			.description("Subscribers behind their services' last change for longer than the lag threshold")
			.register(this.meters);
	}

	void record(String service, long nanos) {
		this.timers.computeIfAbsent(service, (name) -> Timer.builder("discovery.watch.time.to.truth")
			.description("From a change being committed to the last subscribed client applying it")
			.tag("service", name)
			.publishPercentiles(0.5, 0.99)
			.distributionStatisticExpiry(this.window)
			.register(this.meters)).record(Duration.ofNanos(nanos));
	}

	void acknowledged() {
		this.acknowledgements.increment();
	}

}
