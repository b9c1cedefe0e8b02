package dev.discovery.server.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.discovery.protocol.ServiceSummary;

/**
 * The instances of one service and the index of the service's last change.
 */
final class ServiceBucket {

	/** Stands in for a service with no instances; the registry only reads and removes from it. */
	static final ServiceBucket NONE = new ServiceBucket();

	final Map<String, RegisteredInstance> instances = new ConcurrentHashMap<>();

	volatile long index;

	List<RegisteredInstance> sorted(boolean passingOnly) {
		return this.instances.values()
			.stream()
			.filter((instance) -> !passingOnly || instance.passing())
			.sorted(Comparator.comparing(RegisteredInstance::id))
			.toList();
	}

	ServiceSummary summary(String name) {
		int total = 0;
		int passing = 0;
		for (RegisteredInstance instance : this.instances.values()) {
			total++;
			if (instance.passing()) {
				passing++;
			}
		}
		return new ServiceSummary(name, total, passing, this.index);
	}

}
