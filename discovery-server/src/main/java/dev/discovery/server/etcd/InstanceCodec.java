package dev.discovery.server.etcd;

import java.time.Instant;

import io.etcd.jetcd.ByteSequence;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;

/**
 * The value of an instance key: what every replica must agree on. The index is the key's revision and the last
 * heartbeat is what each replica saw itself, so neither is stored.
 */
final class InstanceCodec {

	static final int FORMAT = 1;

	private final JsonMapper mapper = JsonMapper.builder().build();

	byte[] encode(RegisteredInstance instance) {
		return this.mapper.writeValueAsBytes(new Stored(FORMAT, instance.spec(), instance.status(), instance.health(),
				instance.healthOutput(), instance.lastCheckAt(), instance.registeredAt()));
	}

	/**
	 * Reads an instance key's value.
	 * @param service the service, from the key
	 * @param id the instance id, from the key
	 * @param value the value
	 * @param revision the key's modification revision, the instance's index
	 * @param lastHeartbeat the last heartbeat this replica knows of
	 * @return the instance
	 * @throws IllegalArgumentException if the value is not an instance record of a known format
	 */
	RegisteredInstance decode(String service, String id, ByteSequence value, long revision,
			@Nullable Instant lastHeartbeat) {
		Stored stored;
		try {
			stored = this.mapper.readValue(value.getBytes(), Stored.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not an instance record: " + ex.getOriginalMessage(), ex);
		}
		if (stored.format() != FORMAT || stored.spec() == null || stored.status() == null || stored.health() == null
				|| stored.registeredAt() == null) {
			throw new IllegalArgumentException("not an instance record of format " + FORMAT);
		}
		Instant heartbeat = (lastHeartbeat != null && lastHeartbeat.isAfter(stored.registeredAt())) ? lastHeartbeat
				: stored.registeredAt();
		return new RegisteredInstance(service, id, stored.spec(), stored.status(), stored.health(),
				stored.healthOutput(), stored.lastCheckAt(), stored.registeredAt(), heartbeat, revision);
	}

	/**
	 * The stored form.
	 *
	 * @param format the format version
	 * @param spec the validated registration
	 * @param status what the instance says about itself
	 * @param health what its owner observed
	 * @param healthOutput the output of the check that last changed its health
	 * @param lastCheckAt when that check ran
	 * @param registeredAt when it (re-)registered
	 */
	record Stored(int format, InstanceSpec spec, InstanceStatus status, HealthState health,
			@Nullable String healthOutput, @Nullable Instant lastCheckAt, Instant registeredAt) {
	}

}
