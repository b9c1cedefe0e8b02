package dev.discovery.server.snapshot;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;

/**
 * Reads the snapshot of format 1, which earlier versions wrote on graceful stop (instances as the registry held
 * them), into saved instances that are then validated like any other. Anything it cannot make sense of becomes an
 * incomplete entry, refused one by one.
 */
final class LegacySnapshot {

	static final int FORMAT = 1;

	private LegacySnapshot() {
	}

	static List<@Nullable SavedInstance> instances(JsonNode root, JsonMapper mapper) {
		List<@Nullable SavedInstance> instances = new ArrayList<>();
		for (JsonNode node : root.path("instances")) {
			instances.add(node.isObject() ? instance(node, mapper) : null);
		}
		return instances;
	}

	private static SavedInstance instance(JsonNode node, JsonMapper mapper) {
		JsonNode spec = node.path("spec");
		InstanceRegistration registration = spec.isObject() ? new InstanceRegistration(text(spec, "host"),
				spec.path("port").isIntegralNumber() ? spec.path("port").asInt() : null,
				spec.path("secure").asBoolean(false), strings(spec.path("metadata")), list(spec.path("tags")),
				text(spec, "zone"), spec.path("weight").isIntegralNumber() ? spec.path("weight").asInt() : null,
				duration(spec.path("leaseTtl")), healthCheck(spec.path("healthCheck"), mapper),
				value(spec, "status", InstanceStatus.class)) : null;
		return new SavedInstance(text(node, "service"), text(node, "id"), registration,
				value(node, "status", InstanceStatus.class), value(node, "health", HealthState.class),
				text(node, "healthOutput"), instant(node, "lastCheckAt"), instant(node, "registeredAt"),
				node.path("index").asLong(0));
	}

	private static @Nullable String duration(JsonNode ttl) {
		if (ttl.isNumber()) {
			// Seconds, with nanoseconds as a fraction.
			return ttl.decimalValue().multiply(BigDecimal.valueOf(1000)).longValue() + "ms";
		}
		return ttl.isString() ? ttl.asString() : null;
	}

	private static @Nullable HealthCheckSpec healthCheck(JsonNode check, JsonMapper mapper) {
		try {
			return check.isObject() ? mapper.treeToValue(check, HealthCheckSpec.class) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	private static @Nullable Instant instant(JsonNode node, String field) {
		String text = text(node, field);
		try {
			return (text != null) ? Instant.parse(text) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static <E extends Enum<E>> @Nullable E value(JsonNode node, String field, Class<E> type) {
		String text = text(node, field);
		try {
			return (text != null) ? Enum.valueOf(type, text) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static @Nullable Map<String, String> strings(JsonNode node) {
		if (!node.isObject()) {
			return null;
		}
		Map<String, String> map = new LinkedHashMap<>();
		node.properties().forEach((entry) -> map.put(entry.getKey(),
				entry.getValue().isString() ? entry.getValue().asString() : null));
		return map;
	}

	private static @Nullable List<String> list(JsonNode node) {
		if (!node.isArray()) {
			return null;
		}
		List<String> list = new ArrayList<>();
		node.forEach((element) -> list.add(element.isString() ? element.asString() : null));
		return list;
	}

}
