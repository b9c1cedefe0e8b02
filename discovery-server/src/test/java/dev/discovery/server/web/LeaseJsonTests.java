package dev.discovery.server.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseJsonTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void handWrittenLeaseShouldEqualJacksonsLeaseView() {
		MutableClock clock = new MutableClock();
		Registry registry = new MemoryStore(clock);
		registry.register("payment-service", "payment-1", Registrations.spec("10.0.0.1", 8080));
		registry.setStatus("payment-service", "payment-1", InstanceStatus.OUT_OF_SERVICE);
		registry.setHealth("payment-service", "payment-1", HealthState.WARNING, "429");
		clock.advance(Duration.ofMillis(1234).plusNanos(567));
		RegisteredInstance renewed = registry.heartbeat("payment-service", "payment-1");
		assertThat(this.json.readTree(LeaseJson.encode(renewed)))
			.isEqualTo(this.json.readTree(this.json.writeValueAsString(renewed.toLeaseView())));
	}

}
