package dev.discovery.server.web;

import dev.discovery.server.registry.RegisteredInstance;

/**
 * Writes a {@code LeaseView} as JSON by hand. Every string in it is a validated DNS label, an enum name or an
 * ISO-8601 instant, so nothing needs escaping; {@code LeaseJsonTests} holds it equal to Jackson's output.
 */
final class LeaseJson {

	private LeaseJson() {
	}

	static String encode(RegisteredInstance instance) {
		return new StringBuilder(224).append("{\"service\":\"")
			.append(instance.service())
			.append("\",\"instanceId\":\"")
			.append(instance.id())
			.append("\",\"status\":\"")
			.append(instance.status().name())
			.append("\",\"health\":\"")
			.append(instance.health().name())
			.append("\",\"lastHeartbeat\":\"")
			.append(instance.lastHeartbeat())
			.append("\",\"leaseExpiresAt\":\"")
			.append(instance.leaseExpiresAt())
			.append("\",\"index\":")
			.append(instance.index())
			.append('}')
			.toString();
	}

}
