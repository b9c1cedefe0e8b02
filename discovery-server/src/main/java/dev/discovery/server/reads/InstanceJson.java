package dev.discovery.server.reads;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;

/**
 * Writes instances as JSON by hand, in two views. The full view is byte for byte what Jackson writes for an
 * {@code InstanceView}; the compact view leaves out what a caller rarely needs in a list (the health-check spec,
 * timestamps, check output), what is empty or {@code null}, and, unless told to write them, the fields that hold
 * their documented defaults: {@code service} (the service the list is of), {@code secure} {@code false},
 * {@code weight} {@code 1}, {@code status} {@code UP} and {@code health} {@code PASSING}, and the metadata's copies
 * of {@code zone} and {@code weight}. {@code InstanceJsonTests} holds both equal to Jackson's output with those
 * fields removed.
 */
public final class InstanceJson {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private InstanceJson() {
	}

	/**
	 * Writes a JSON array of instances.
	 * @param instances the instances
	 * @param full the full view rather than the compact one
	 * @return the JSON
	 */
	public static String array(List<RegisteredInstance> instances, boolean full) {
		return array(instances, full, false);
	}

	/**
	 * Writes a JSON array of instances.
	 * @param instances the instances, all of one service
	 * @param full the full view rather than the compact one
	 * @param omitDefaults whether the compact view leaves out the fields that hold their documented default
	 * ({@link #compact}); ignored by the full view
	 * @return the JSON
	 */
	public static String array(List<RegisteredInstance> instances, boolean full, boolean omitDefaults) {
		StringBuilder json = new StringBuilder(instances.size() * (full ? 720 : 240) + 2).append('[');
		for (int i = 0; i < instances.size(); i++) {
			if (i > 0) {
				json.append(',');
			}
			if (full || !omitDefaults) {
				write(json, instances.get(i), full);
			}
			else {
				compact(json, instances.get(i));
			}
		}
		return json.append(']').toString();
	}

	/**
	 * Writes one instance in the compact view without the fields that hold their documented default:
	 * {@code service} (the list's service), {@code secure} when {@code false}, {@code weight} when {@code 1},
	 * {@code status} when {@code UP}, {@code health} when {@code PASSING}; and without the metadata's copies of
	 * the zone and the weight.
	 * @param json where to write
	 * @param instance the instance
	 */
	static void compact(StringBuilder json, RegisteredInstance instance) {
		InstanceSpec spec = instance.spec();
		json.append("{\"instanceId\":");
		string(json, instance.id());
		json.append(",\"host\":");
		string(json, spec.host());
		json.append(",\"port\":").append(spec.port());
		if (spec.secure()) {
			json.append(",\"secure\":true");
		}
		metadataWithoutLabels(json, spec);
		if (!spec.tags().isEmpty()) {
			json.append(",\"tags\":");
			list(json, spec.tags());
		}
		if (spec.zone() != null) {
			json.append(",\"zone\":");
			string(json, spec.zone());
		}
		if (spec.weight() != 1) {
			json.append(",\"weight\":").append(spec.weight());
		}
		if (instance.status() != InstanceStatus.UP) {
			json.append(",\"status\":\"").append(instance.status().name()).append('"');
		}
		if (instance.health() != HealthState.PASSING) {
			json.append(",\"health\":\"").append(instance.health().name()).append('"');
		}
		json.append(",\"leaseTtl\":");
		string(json, Durations.format(spec.leaseTtl()));
		json.append(",\"index\":").append(instance.index()).append('}');
	}

	/**
	 * Writes the metadata without the entries {@code zone} and {@code weight} when they are the copies of the
	 * instance's {@code zone} and {@code weight} that the registry keeps there for Spring Cloud LoadBalancer: a
	 * reader of the list puts them back from the fields ({@code InstanceView.withService}). Nothing if that leaves
	 * the metadata empty.
	 */
	private static void metadataWithoutLabels(StringBuilder json, InstanceSpec spec) {
		Map<String, String> metadata = spec.metadata();
		String weight = Integer.toString(spec.weight());
		boolean zoneCopy = spec.zone() != null && spec.zone().equals(metadata.get(InstanceView.ZONE));
		boolean weightCopy = weight.equals(metadata.get(InstanceView.WEIGHT));
		if (metadata.size() == (zoneCopy ? 1 : 0) + (weightCopy ? 1 : 0)) {
			return;
		}
		json.append(",\"metadata\":{");
		boolean first = true;
		for (Map.Entry<String, String> entry : metadata.entrySet()) {
			String key = entry.getKey();
			if ((zoneCopy && key.equals(InstanceView.ZONE)) || (weightCopy && key.equals(InstanceView.WEIGHT))) {
				continue;
			}
			if (!first) {
				json.append(',');
			}
			first = false;
			string(json, key);
			json.append(':');
			string(json, entry.getValue());
		}
		json.append('}');
	}

	/**
	 * Writes one instance.
	 * @param json where to write
	 * @param instance the instance
	 * @param full the full view rather than the compact one
	 */
	public static void write(StringBuilder json, RegisteredInstance instance, boolean full) {
		InstanceSpec spec = instance.spec();
		json.append("{\"service\":");
		string(json, instance.service());
		json.append(",\"instanceId\":");
		string(json, instance.id());
		json.append(",\"host\":");
		string(json, spec.host());
		json.append(",\"port\":").append(spec.port());
		json.append(",\"secure\":").append(spec.secure());
		if (full || !spec.metadata().isEmpty()) {
			json.append(",\"metadata\":");
			map(json, spec.metadata());
		}
		if (full || !spec.tags().isEmpty()) {
			json.append(",\"tags\":");
			list(json, spec.tags());
		}
		if (full || spec.zone() != null) {
			json.append(",\"zone\":");
			string(json, spec.zone());
		}
		json.append(",\"weight\":").append(spec.weight());
		json.append(",\"status\":\"").append(instance.status().name());
		json.append("\",\"health\":\"").append(instance.health().name()).append('"');
		if (full) {
			json.append(",\"healthOutput\":");
			string(json, instance.healthOutput());
			json.append(",\"lastCheckAt\":");
			instant(json, instance.lastCheckAt());
			json.append(",\"healthCheck\":");
			healthCheck(json, spec.healthCheck());
		}
		json.append(",\"leaseTtl\":");
		string(json, Durations.format(spec.leaseTtl()));
		if (full) {
			json.append(",\"registeredAt\":");
			instant(json, instance.registeredAt());
			json.append(",\"lastHeartbeat\":");
			instant(json, instance.lastHeartbeat());
			json.append(",\"leaseExpiresAt\":");
			instant(json, instance.leaseExpiresAt());
		}
		json.append(",\"index\":").append(instance.index()).append('}');
	}

	private static void healthCheck(StringBuilder json, @Nullable HealthCheckSpec check) {
		if (check == null) {
			json.append("null");
			return;
		}
		json.append("{\"type\":");
		string(json, (check.type() != null) ? check.type().name() : null);
		json.append(",\"path\":");
		string(json, check.path());
		json.append(",\"interval\":");
		string(json, check.interval());
		json.append(",\"timeout\":");
		string(json, check.timeout());
		json.append(",\"failureThreshold\":").append(check.failureThreshold());
		json.append(",\"successThreshold\":").append(check.successThreshold());
		json.append(",\"deregisterAfter\":");
		string(json, check.deregisterAfter());
		json.append('}');
	}

	private static void map(StringBuilder json, Map<String, String> map) {
		json.append('{');
		boolean first = true;
		for (Map.Entry<String, String> entry : map.entrySet()) {
			if (!first) {
				json.append(',');
			}
			first = false;
			string(json, entry.getKey());
			json.append(':');
			string(json, entry.getValue());
		}
		json.append('}');
	}

	private static void list(StringBuilder json, List<String> list) {
		json.append('[');
		for (int i = 0; i < list.size(); i++) {
			if (i > 0) {
				json.append(',');
			}
			string(json, list.get(i));
		}
		json.append(']');
	}

	private static void instant(StringBuilder json, @Nullable Instant instant) {
		if (instant == null) {
			json.append("null");
			return;
		}
		json.append('"').append(instant).append('"');
	}

	/** Escapes as Jackson does: quote, backslash and control characters; everything else as it is. */
	static void string(StringBuilder json, @Nullable String value) {
		if (value == null) {
			json.append("null");
			return;
		}
		json.append('"');
		int plain = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c != '"' && c != '\\') {
				continue;
			}
			json.append(value, plain, i);
			plain = i + 1;
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				default -> json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		json.append(value, plain, value.length()).append('"');
	}

}
