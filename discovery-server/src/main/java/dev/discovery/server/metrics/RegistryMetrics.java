package dev.discovery.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;

/**
 * Publishes the registry's size and the rate of its changes: gauges {@code discovery.registry.instances} and
 * {@code discovery.registry.services}, counters for registrations, deregistrations, expirations and heartbeats.
 */
public class RegistryMetrics implements RegistryListener {

	private final Counter registrations;

	private final Counter updates;

	private final Counter deregistrations;

	private final Counter expirations;

	private final Counter heartbeats;

	public RegistryMetrics(Registry registry, MeterRegistry meters) {
		Gauge.builder("discovery.registry.instances", registry, Registry::instanceCount)
			.description("Instances registered")
			.register(meters);
		Gauge.builder("discovery.registry.services", registry, Registry::serviceCount)
			.description("Services with at least one instance")
			.register(meters);
		Gauge.builder("discovery.registry.index", registry, Registry::index)
			.description("The registry's change index")
			.register(meters);
		FunctionCounter.builder("discovery.registry.listener.failures", registry, Registry::listenerFailures)
			.description("Times a listener of registry changes threw; the others heard of the change all the same")
			.register(meters);
		this.registrations = counter(meters, "discovery.registry.registrations", "New instances registered");
		this.updates = counter(meters, "discovery.registry.updates", "Registrations replaced or changed");
		this.deregistrations = counter(meters, "discovery.registry.deregistrations", "Instances removed");
		this.expirations = counter(meters, "discovery.registry.expirations", "Leases that ran out");
		this.heartbeats = counter(meters, "discovery.registry.heartbeats", "Leases renewed");
	}

	private static Counter counter(MeterRegistry meters, String name, String description) {
		return Counter.builder(name).description(description).register(meters);
	}

	@Override
	public void onChange(RegistryChange change) {
		switch (change.kind()) {
			case REGISTERED -> this.registrations.increment();
			case UPDATED -> this.updates.increment();
			case DEREGISTERED -> this.deregistrations.increment();
			case EXPIRED -> this.expirations.increment();
		}
	}

	@Override
	public void onHeartbeat(RegisteredInstance instance) {
		this.heartbeats.increment();
	}

}
