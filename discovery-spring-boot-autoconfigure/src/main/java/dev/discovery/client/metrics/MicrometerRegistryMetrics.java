package dev.discovery.client.metrics;

import java.time.Duration;

import dev.discovery.client.registry.RegistryMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records the client's work as Micrometer meters: {@code discovery.client.registrations} and
 * {@code discovery.client.heartbeats} (counters tagged {@code outcome=success|failure}) and
 * {@code discovery.client.requests} (a timer of registry requests tagged {@code operation} and {@code outcome}).
 */
public class MicrometerRegistryMetrics implements RegistryMetrics {

	private final MeterRegistry registry;

	/**
	 * Creates the metrics.
	 * @param registry the meter registry
	 */
	public MicrometerRegistryMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void request(String operation, String outcome, Duration duration) {
		Timer.builder("discovery.client.requests")
			.description("Requests to the discovery registry")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.register(this.registry)
			.record(duration);
	}

	@Override
	public void registration(boolean success) {
		count("discovery.client.registrations", "Registration attempts", success);
	}

	@Override
	public void heartbeat(boolean success) {
		count("discovery.client.heartbeats", "Heartbeats sent", success);
	}

	private void count(String name, String description, boolean success) {
		Counter.builder(name)
			.description(description)
			.tag("outcome", success ? "success" : "failure")
			.register(this.registry)
			.increment();
	}

}
