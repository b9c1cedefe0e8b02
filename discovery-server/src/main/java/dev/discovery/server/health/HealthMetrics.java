package dev.discovery.server.health;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.HealthState;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;

/**
 * Meters of the health checker: {@code discovery.health.checks} (by {@code type} and {@code result}),
 * {@code discovery.health.check.duration} (by {@code type}), {@code discovery.health.checks.running},
 * {@code discovery.health.checks.deferred}, {@code discovery.health.removals} and
 * {@code discovery.health.instances} (by {@code state}, all instances including heartbeat-only ones).
 */
public class HealthMetrics {

	private final MeterRegistry meters;

	private final Map<HealthCheckType, Map<HealthState, Counter>> checks = new EnumMap<>(HealthCheckType.class);

	private final Map<HealthCheckType, Timer> durations = new EnumMap<>(HealthCheckType.class);

	private final Counter deferred;

	private final Counter removals;

	private final Registry registry;

	private volatile Census census = new Census(-1, new int[HealthState.values().length]);

	public HealthMetrics(MeterRegistry meters, Registry registry) {
		this.meters = meters;
		this.registry = registry;
		for (HealthCheckType type : HealthCheckType.values()) {
			this.checks.put(type, checkCounters(type));
			this.durations.put(type, Timer.builder("discovery.health.check.duration")
				.description("How long health checks took, timeouts included")
				.tags("type", lower(type))
				.register(meters));
		}
		this.deferred = Counter.builder("discovery.health.checks.deferred")
			.description("Rounds cut short because the limit of concurrent checks was reached")
			.register(meters);
		this.removals = Counter.builder("discovery.health.removals")
			.description("Instances removed after staying critical for longer than deregisterAfter")
			.register(meters);
		for (HealthState state : HealthState.values()) {
			Gauge.builder("discovery.health.instances", this, (m) -> m.count(state))
				.description("Instances by health state")
				.tags("state", lower(state))
				.register(meters);
		}
	}

	private Map<HealthState, Counter> checkCounters(HealthCheckType type) {
		Map<HealthState, Counter> byResult = new EnumMap<>(HealthState.class);
		for (HealthState result : HealthState.values()) {
			byResult.put(result, Counter.builder("discovery.health.checks")
				.description("Health checks run, by type and result")
				.tags("type", lower(type), "result", lower(result))
				.register(this.meters));
		}
		return byResult;
	}

	void bindRunning(AtomicInteger running) {
		Gauge.builder("discovery.health.checks.running", running, AtomicInteger::get)
			.description("Health checks in flight")
			.register(this.meters);
	}

	void checked(HealthCheckType type, HealthState result, long nanos) {
		this.checks.get(type).get(result).increment();
		this.durations.get(type).record(nanos, TimeUnit.NANOSECONDS);
	}

	void deferred() {
		this.deferred.increment();
	}

	void removedCritical() {
		this.removals.increment();
	}

	/** Counts instances by state, once per registry index, so a scrape reads the registry once. */
	private int count(HealthState state) {
		Census current = this.census;
		long index = this.registry.index();
		if (current.index != index) {
			int[] counts = new int[HealthState.values().length];
			for (RegisteredInstance instance : this.registry.allInstances()) {
				counts[instance.health().ordinal()]++;
			}
			current = new Census(index, counts);
			this.census = current;
		}
		return current.counts[state.ordinal()];
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private record Census(long index, int[] counts) {
	}

}
