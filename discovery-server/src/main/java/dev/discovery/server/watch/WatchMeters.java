package dev.discovery.server.watch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The push API's meters: {@code discovery.watch.watchers} (open streams), {@code discovery.watch.queries.waiting}
 * (parked blocking queries), {@code discovery.watch.queued.bytes} (bytes waiting on all streams, shared frames
 * counted once), and counters {@code discovery.watch.events.sent}, {@code discovery.watch.resyncs},
 * {@code discovery.watch.queries.parked} and {@code discovery.watch.stalled.closed} (by {@code bound}:
 * {@code stream}, {@code total}).
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

	void queuedBytesGauge(Supplier<Number> bytes) {
		Gauge.builder("discovery.watch.queued.bytes", bytes)
			.description("Bytes waiting on watch streams for slow readers, each shared frame counted once")
			.baseUnit("bytes")
			.register(this.meters);
	}

	void stalledClosed(String bound) {
		Counter.builder("discovery.watch.stalled.closed")
			.description("Watch streams closed because the bytes waiting for them went over a bound")
			.tag("bound", bound)
			.register(this.meters)
			.increment();
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
