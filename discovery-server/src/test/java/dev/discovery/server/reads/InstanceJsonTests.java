package dev.discovery.server.reads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceJsonTests {

	private static final List<String> HEAVY = List.of("healthOutput", "lastCheckAt", "healthCheck", "registeredAt",
			"lastHeartbeat", "leaseExpiresAt");

	private final JsonMapper json = JsonMapper.builder().build();

	private final Random random = new Random(19);

	@Test
	void fullViewShouldEqualJacksonsBytesForManyShapes() {
		for (int i = 0; i < 500; i++) {
			List<RegisteredInstance> instances = instances(i % 7);
			assertThat(InstanceJson.array(instances, true))
				.isEqualTo(this.json.writeValueAsString(instances.stream().map(RegisteredInstance::toView).toList()));
		}
	}

	@Test
	void compactViewShouldEqualJacksonsWithoutHeavyEmptyOrNullFields() {
		for (int i = 0; i < 500; i++) {
			List<RegisteredInstance> instances = instances(i % 7);
			JsonNode expected = this.json.valueToTree(instances.stream().map(RegisteredInstance::toView).toList());
			expected.forEach((node) -> compact((ObjectNode) node));
			assertThat(InstanceJson.array(instances, false)).isEqualTo(this.json.writeValueAsString(expected));
			assertThat(InstanceJson.array(instances, false, false)).isEqualTo(this.json.writeValueAsString(expected));
		}
	}

	@Test
	void compactViewWithoutDefaultsShouldEqualJacksonsWithoutTheFieldsThatHoldTheirDefault() {
		for (int i = 0; i < 500; i++) {
			List<RegisteredInstance> instances = instances(i % 7);
			JsonNode expected = this.json.valueToTree(instances.stream().map(RegisteredInstance::toView).toList());
			expected.forEach((node) -> withoutDefaults(compact((ObjectNode) node)));
			assertThat(InstanceJson.array(instances, false, true)).isEqualTo(this.json.writeValueAsString(expected));
		}
	}

	/** A client that reads the list into the starter's record and names the service gets the same instances. */
	@Test
	void compactViewWithoutDefaultsShouldReadBackAsTheSameViewsWithoutTheHeavyParts() {
		for (int i = 0; i < 500; i++) {
			List<RegisteredInstance> instances = instances(i % 7, true);
			List<InstanceView> read = this.json
				.readValue(InstanceJson.array(instances, false, true), new TypeReference<List<InstanceView>>() {
				})
				.stream()
				.map((view) -> view.withService("payment-service"))
				.toList();
			assertThat(read).isEqualTo(instances.stream().map(RegisteredInstance::toView).map((v) -> new InstanceView(
					v.service(), v.instanceId(), v.host(), v.port(), v.secure(), v.metadata(), v.tags(), v.zone(),
					v.weight(), v.status(), v.health(), null, null, null, v.leaseTtl(), null, null, null, v.index()))
				.toList());
		}
	}

	@Test
	void compactViewShouldKeepWhatClientsNeedToCallAnInstance() {
		InstanceSpec spec = new InstanceSpec("10.0.0.1", 8080, false, Map.of(), List.of(), null, 1,
				Duration.ofSeconds(30), HealthCheckSpec.ttl(), InstanceStatus.UP);
		RegisteredInstance instance = RegisteredInstance.registered("payment-service", "pay-1", spec,
				Instant.ofEpochSecond(1_800_000_000L), 30);
		JsonNode view = this.json.readTree(InstanceJson.array(List.of(instance), false, false)).get(0);
		assertThat(view.propertyNames()).containsExactly("service", "instanceId", "host", "port", "secure", "weight",
				"status", "health", "leaseTtl", "index");
		JsonNode lean = this.json.readTree(InstanceJson.array(List.of(instance), false, true)).get(0);
		assertThat(lean.propertyNames()).containsExactly("instanceId", "host", "port", "leaseTtl", "index");
	}

	@Test
	void compactViewShouldLeaveOutTheMetadatasCopiesOfZoneAndWeightAndAReaderShouldPutThemBack() {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("zone", "eu-1");
		metadata.put("version", "1.4.2");
		metadata.put("weight", "5");
		InstanceSpec spec = new InstanceSpec("10.0.0.1", 8080, false, metadata, List.of(), "eu-1", 5,
				Duration.ofSeconds(30), HealthCheckSpec.ttl(), InstanceStatus.UP);
		RegisteredInstance instance = RegisteredInstance.registered("payment-service", "pay-1", spec,
				Instant.ofEpochSecond(1_800_000_000L), 30);
		String compact = InstanceJson.array(List.of(instance), false, true);
		assertThat(compact).isEqualTo("[{\"instanceId\":\"pay-1\",\"host\":\"10.0.0.1\",\"port\":8080,"
				+ "\"metadata\":{\"version\":\"1.4.2\"},\"zone\":\"eu-1\",\"weight\":5,\"leaseTtl\":\"30s\","
				+ "\"index\":30}]");
		InstanceView read = this.json.readValue(compact, new TypeReference<List<InstanceView>>() {
		}).get(0).withService("payment-service");
		assertThat(read.metadata()).isEqualTo(Map.of("zone", "eu-1", "version", "1.4.2", "weight", "5"));
		assertThat(InstanceJson.array(List.of(instance), false, false)).contains("\"weight\":\"5\"", "\"zone\":\"eu-1\"");
	}

	@Test
	void stringsShouldBeEscapedAsJacksonEscapesThem() {
		for (int c = 0; c < 0x3000; c++) {
			String value = "a" + (char) c + "b";
			StringBuilder written = new StringBuilder();
			InstanceJson.string(written, value);
			assertThat(written.toString()).isEqualTo(this.json.writeValueAsString(value));
		}
	}

	private static ObjectNode compact(ObjectNode node) {
		HEAVY.forEach(node::remove);
		List<String> empty = new ArrayList<>();
		node.properties().forEach((field) -> {
			JsonNode value = field.getValue();
			if (value.isNull() || (value.isContainer() && value.isEmpty())) {
				empty.add(field.getKey());
			}
		});
		empty.forEach(node::remove);
		return node;
	}

	/**
	 * Removes the service, the fields that hold their documented default, and the metadata's copies of the zone and
	 * the weight (the metadata as well if nothing else is left in it).
	 */
	private static void withoutDefaults(ObjectNode node) {
		node.remove("service");
		if (node.get("metadata") instanceof ObjectNode metadata) {
			if (node.has("zone") && node.get("zone").equals(metadata.get(InstanceView.ZONE))) {
				metadata.remove(InstanceView.ZONE);
			}
			if (metadata.has(InstanceView.WEIGHT)
					&& metadata.get(InstanceView.WEIGHT).asString().equals(node.get("weight").toString())) {
				metadata.remove(InstanceView.WEIGHT);
			}
			if (metadata.isEmpty()) {
				node.remove("metadata");
			}
		}
		Map<String, String> defaults = Map.of("secure", "false", "weight", "1", "status", "\"UP\"", "health",
				"\"PASSING\"");
		defaults.forEach((name, value) -> {
			if (node.get(name).toString().equals(value)) {
				node.remove(name);
			}
		});
	}

	private List<RegisteredInstance> instances(int count) {
		return instances(count, false);
	}

	/**
	 * Instances of many shapes; {@code registered} ones hold their zone and weight in their metadata too, as
	 * {@code RegistrationValidator} makes every registration, the others may or may not, or hold other values there.
	 */
	private List<RegisteredInstance> instances(int count, boolean registered) {
		List<RegisteredInstance> instances = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Map<String, String> metadata = new LinkedHashMap<>();
			for (int m = this.random.nextInt(4); m > 0; m--) {
				metadata.put(text(), text());
			}
			int labels = registered ? 0 : this.random.nextInt(3);
			if (labels == 1) {
				// Not copies of the fields (a weight is 1-100 here, a zone has no "other-"): written as they are.
				metadata.put(InstanceView.WEIGHT, "0" + this.random.nextInt(3));
				metadata.put(InstanceView.ZONE, "other-" + text());
			}
			List<String> tags = new ArrayList<>();
			for (int t = this.random.nextInt(3); t > 0; t--) {
				tags.add(text());
			}
			RegisteredInstance instance = instance("pay-" + i, metadata, tags,
					this.random.nextBoolean() ? text() : null, this.random.nextBoolean());
			if (labels == 0) {
				instance = withLabels(instance);
			}
			if (this.random.nextBoolean()) {
				instance = instance.withHealth(HealthState.values()[this.random.nextInt(3)],
						this.random.nextBoolean() ? text() : null, Instant.ofEpochSecond(1_800_000_000L, i * 1000),
						40 + i);
			}
			if (this.random.nextBoolean()) {
				instance = instance.withStatus(InstanceStatus.OUT_OF_SERVICE, 50 + i);
			}
			instances.add(instance.renewed(Instant.ofEpochSecond(1_800_000_100L, this.random.nextInt(1000) * 1000)));
		}
		return instances;
	}

	private RegisteredInstance instance(String id, Map<String, String> metadata, List<String> tags, String zone,
			boolean secure) {
		HealthCheckSpec check = this.random.nextBoolean() ? HealthCheckSpec.ttl()
				: new HealthCheckSpec(HealthCheckType.HTTP, "/health/ready", "5s", "2s", 3, 1, "1m");
		InstanceSpec spec = new InstanceSpec("10.0.0." + this.random.nextInt(255), 1 + this.random.nextInt(65535),
				secure, metadata, tags, zone, 1 + this.random.nextInt(100),
				Duration.ofSeconds(5 + this.random.nextInt(300)), check, InstanceStatus.UP);
		return RegisteredInstance.registered("payment-service", id, spec, Instant.ofEpochSecond(1_800_000_000L),
				30 + this.random.nextInt(1000));
	}

	/** The instance with its zone and weight copied into its metadata, as a registration has them. */
	private static RegisteredInstance withLabels(RegisteredInstance instance) {
		InstanceSpec spec = instance.spec();
		Map<String, String> metadata = new LinkedHashMap<>(spec.metadata());
		metadata.put(InstanceView.WEIGHT, Integer.toString(spec.weight()));
		if (spec.zone() != null) {
			metadata.put(InstanceView.ZONE, spec.zone());
		}
		return RegisteredInstance.registered(instance.service(), instance.id(), new InstanceSpec(spec.host(),
				spec.port(), spec.secure(), metadata, spec.tags(), spec.zone(), spec.weight(), spec.leaseTtl(),
				spec.healthCheck(), spec.status()), Instant.ofEpochSecond(1_800_000_000L), instance.index());
	}

	/** Text with what JSON must escape, what it must not, and characters outside the basic plane. */
	private String text() {
		String[] parts = { "a", "zone-1", "\"", "\\", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "\u2028", "😀",
				"/", "<", "'", " " };
		StringBuilder text = new StringBuilder();
		for (int i = this.random.nextInt(6); i >= 0; i--) {
			text.append(parts[this.random.nextInt(parts.length)]);
		}
		return text.toString();
	}

}
