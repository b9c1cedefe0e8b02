package dev.discovery.server.propagation;

import java.util.Set;

/**
 * One acknowledging watch stream: what it watches and the last index it said it applied. Guarded by the tracker's
 * lock.
 */
final class Subscriber {

	final String id;

	final String label;

	final String address;

	/** Empty for every service. */
	final Set<String> services;

	long applied;

	Subscriber(String id, String label, String address, Set<String> services, long applied) {
		this.id = id;
		this.label = label;
		this.address = address;
		this.services = Set.copyOf(services);
		this.applied = applied;
	}

	boolean watchesAll() {
		return this.services.isEmpty();
	}

}
