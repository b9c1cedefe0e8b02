package dev.discovery.server.eureka;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * Eureka's JSON: {@code {"instance": {...}}} registrations in, instance, application and applications documents out,
 * in the shape of the Eureka server's own codec (ports as {@code {"$": 8080, "@enabled": "true"}}, a data center
 * with its {@code @class}). Registrations are read leniently (numbers or strings, camel or snake case), as the
 * clients in the field send both.
 */
final class EurekaJson {

	private final JsonMapper mapper;

	EurekaJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Reads a registration.
	 * @param body the request body
	 * @return the instance
	 * @throws InvalidRequestException if it is not a readable Eureka instance
	 */
	EurekaInstance readInstance(byte[] body) {
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw invalid("body", "is not valid JSON");
		}
		JsonNode node = (root != null && root.get("instance") != null) ? root.get("instance") : root;
		if (node == null || !node.isObject()) {
			throw invalid("instance", "a Eureka instance object is required: {\"instance\": {...}}");
		}
		return new Fields(node).instance();
	}

	byte[] write(EurekaInstance instance) {
		return write((g) -> {
			g.writeName("instance");
			instance(g, instance);
		});
	}

	byte[] write(String app, List<EurekaInstance> instances) {
		return write((g) -> {
			g.writeName("application");
			application(g, app, instances);
		});
	}

	byte[] write(EurekaApplications apps) {
		return write((g) -> {
			g.writeName("applications");
			g.writeStartObject();
			g.writeStringProperty("versions__delta", Long.toString(apps.versionsDelta()));
			g.writeStringProperty("apps__hashcode", apps.appsHashCode());
			g.writeName("application");
			g.writeStartArray();
			apps.applications().forEach((app, instances) -> application(g, app, instances));
			g.writeEndArray();
			g.writeEndObject();
		});
	}

	private byte[] write(Consumer<JsonGenerator> content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(512);
		try (JsonGenerator g = this.mapper.createGenerator(out)) {
			g.writeStartObject();
			content.accept(g);
			g.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void application(JsonGenerator g, String app, List<EurekaInstance> instances) {
		g.writeStartObject();
		g.writeStringProperty("name", app);
		g.writeName("instance");
		g.writeStartArray();
		instances.forEach((instance) -> instance(g, instance));
		g.writeEndArray();
		g.writeEndObject();
	}

	private static void instance(JsonGenerator g, EurekaInstance i) {
		g.writeStartObject();
		g.writeStringProperty("instanceId", i.instanceId());
		g.writeStringProperty("hostName", i.hostName());
		g.writeStringProperty("app", i.app());
		g.writeStringProperty("ipAddr", i.ipAddr());
		g.writeStringProperty("status", i.status().name());
		g.writeStringProperty("overriddenStatus", i.overriddenStatus().name());
		port(g, "port", i.port(), i.portEnabled());
		port(g, "securePort", i.securePort(), i.securePortEnabled());
		g.writeNumberProperty("countryId", 1);
		g.writeName("dataCenterInfo");
		g.writeStartObject();
		g.writeStringProperty("@class", EurekaInstance.MY_DATA_CENTER);
		g.writeStringProperty("name", "MyOwn");
		g.writeEndObject();
		g.writeName("leaseInfo");
		g.writeStartObject();
		g.writeNumberProperty("renewalIntervalInSecs", i.lease().renewalIntervalInSecs());
		g.writeNumberProperty("durationInSecs", i.lease().durationInSecs());
		g.writeNumberProperty("registrationTimestamp", i.lease().registrationTimestamp());
		g.writeNumberProperty("lastRenewalTimestamp", i.lease().lastRenewalTimestamp());
		g.writeNumberProperty("evictionTimestamp", 0L);
		g.writeNumberProperty("serviceUpTimestamp", i.lease().serviceUpTimestamp());
		g.writeEndObject();
		g.writeName("metadata");
		g.writeStartObject();
		i.metadata().forEach(g::writeStringProperty);
		g.writeEndObject();
		optional(g, "homePageUrl", i.homePageUrl());
		optional(g, "statusPageUrl", i.statusPageUrl());
		optional(g, "healthCheckUrl", i.healthCheckUrl());
		optional(g, "secureHealthCheckUrl", i.secureHealthCheckUrl());
		optional(g, "vipAddress", i.vipAddress());
		optional(g, "secureVipAddress", i.secureVipAddress());
		g.writeStringProperty("isCoordinatingDiscoveryServer", "false");
		g.writeStringProperty("lastUpdatedTimestamp", Long.toString(i.lastUpdatedTimestamp()));
		g.writeStringProperty("lastDirtyTimestamp", Long.toString(i.lastDirtyTimestamp()));
		optional(g, "actionType", i.actionType());
		g.writeEndObject();
	}

	private static void port(JsonGenerator g, String name, int port, boolean enabled) {
		g.writeName(name);
		g.writeStartObject();
		g.writeNumberProperty("$", port);
		g.writeStringProperty("@enabled", Boolean.toString(enabled));
		g.writeEndObject();
	}

	private static void optional(JsonGenerator g, String name, @Nullable String value) {
		if (value != null) {
			g.writeStringProperty(name, value);
		}
	}

	static InvalidRequestException invalid(String field, String message) {
		return new InvalidRequestException(List.of(new FieldError(field, message)), false);
	}

	/** Reads the fields of one instance object, collecting every problem. */
	private static final class Fields implements EurekaReader.Source {

		private final JsonNode node;

		Fields(JsonNode node) {
			this.node = node;
		}

		EurekaInstance instance() {
			return EurekaReader.read(this);
		}

		@Override
		public @Nullable String text(String name) {
			JsonNode value = field(this.node, name);
			return (value != null && value.isValueNode() && !value.isNull()) ? value.asString() : null;
		}

		@Override
		public EurekaReader.@Nullable Port port(String name) {
			JsonNode value = field(this.node, name);
			if (value == null || value.isNull()) {
				return null;
			}
			if (value.isObject()) {
				JsonNode number = value.get("$");
				JsonNode enabled = value.get("@enabled");
				return new EurekaReader.Port((number != null) ? number.asString() : null,
						(enabled != null) ? enabled.asString() : null);
			}
			return new EurekaReader.Port(value.asString(), null);
		}

		@Override
		public @Nullable String lease(String name) {
			JsonNode lease = field(this.node, "leaseInfo");
			JsonNode value = (lease != null) ? field(lease, name) : null;
			return (value != null && value.isValueNode()) ? value.asString() : null;
		}

		@Override
		public Map<String, String> metadata(List<FieldError> errors) {
			Map<String, String> metadata = new LinkedHashMap<>();
			JsonNode value = field(this.node, "metadata");
			if (value == null || value.isNull()) {
				return metadata;
			}
			if (!value.isObject()) {
				errors.add(new FieldError("metadata", "must be an object of strings"));
				return metadata;
			}
			for (Map.Entry<String, JsonNode> entry : value.properties()) {
				if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
					metadata.put(entry.getKey(), entry.getValue().asString());
				}
				else {
					errors.add(new FieldError("metadata." + entry.getKey(), "must be a string"));
				}
			}
			return metadata;
		}

		private static @Nullable JsonNode field(JsonNode node, String camel) {
			JsonNode value = node.get(camel);
			return (value != null) ? value : node.get(snake(camel));
		}

		private static String snake(String camel) {
			StringBuilder out = new StringBuilder();
			for (char c : camel.toCharArray()) {
				if (Character.isUpperCase(c)) {
					out.append('_').append(Character.toLowerCase(c));
				}
				else {
					out.append(c);
				}
			}
			return out.toString();
		}

	}

}
