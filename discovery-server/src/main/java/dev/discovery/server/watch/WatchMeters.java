package dev.discovery.server.watch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The push API's meters: {@code discovery.watch.watchers} (open streams), {@code discovery.watch.queries.waiting}
 * (parked blocking queries), and counters {@code discovery.watch.events.sent}, {@code discovery.watch.resyncs} and
 * {@code discovery.watch.queries.parked}.
 */
final class WatchMeters {

	private final MeterRegistry meters;

	private final Counter eventsSent;

	private final Counter resyncs;

	private final Counter parked;

	WatchMeters(MeterRegistry meters) {
		this.meters = meters;
		this.eventsSent = Counter.builder("discovery.watch.events.sent")
			.description("Snapshot, change and resync events written to watch streams")
			.register(meters);
		this.resyncs = Counter.builder("discovery.watch.resyncs")
			.description("Watch streams ended because the watcher fell too far behind")
			.register(meters);
		this.parked = Counter.builder("discovery.watch.queries.parked")
			.description("Blocking queries that had to wait for a change")
			.register(meters);
	}

	void watchersGauge(Supplier<Number> open) {
		Gauge.builder("discovery.watch.watchers", open)
			.description("Open watch streams")
			.register(this.meters);
	}

	void waitingGauge(AtomicInteger waiting) {
		Gauge.builder("discovery.watch.queries.waiting", waiting, AtomicInteger::get)
			.description("Blocking queries parked now")
			.register(this.meters);
	}

	void sent() {
		this.eventsSent.increment();
	}

	void resynced() {
		this.resyncs.increment();
	}

	void parked() {
		this.parked.increment();
	}

}
