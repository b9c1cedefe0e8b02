package dev.discovery.server.eureka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts full and delta fetches of the Eureka API: a client whose delta does not reconcile fetches everything, so a
 * full-fetch count that grows with the delta count means the deltas are wrong.
 */
final class EurekaMetrics {

	private final @Nullable Counter full;

	private final @Nullable Counter delta;

	EurekaMetrics(@Nullable MeterRegistry meters) {
		this.full = (meters != null) ? fetches(meters, "full") : null;
		this.delta = (meters != null) ? fetches(meters, "delta") : null;
	}

	private static Counter fetches(MeterRegistry meters, String document) {
		return Counter.builder("discovery.eureka.fetches")
			.description("Registry fetches by Eureka clients")
			.tag("document", document)
			.register(meters);
	}

	void fetched(boolean wholeRegistry) {
		Counter counter = wholeRegistry ? this.full : this.delta;
		if (counter != null) {
			counter.increment();
		}
	}

}
