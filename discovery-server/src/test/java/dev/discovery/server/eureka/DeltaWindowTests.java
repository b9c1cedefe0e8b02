package dev.discovery.server.eureka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.RegistryChange;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaWindowTests {

	@Test
	void hashCodeShouldCountStatusesInNameOrder() {
		assertThat(EurekaApplications.hashCode(List.of(EurekaStatus.UP, EurekaStatus.DOWN, EurekaStatus.UP,
				EurekaStatus.OUT_OF_SERVICE))).isEqualTo("DOWN_1_OUT_OF_SERVICE_1_UP_2_");
		assertThat(EurekaApplications.hashCode(List.of())).isEmpty();
	}

	@Test
	void deltaWindowShouldForgetOldAndExcessChanges() {
		long[] now = { 0 };
		DeltaWindow window = new DeltaWindow(Duration.ofSeconds(10), 2, () -> now[0]);
		for (int i = 1; i <= 3; i++) {
			RegisteredInstance instance = RegisteredInstance.registered("s", "i-" + i,
					Registrations.spec("10.0.0.1", 8080), Instant.EPOCH, i);
			window.onChange(new RegistryChange(i, RegistryChange.Kind.REGISTERED, "s", "i-" + i, instance));
		}
		assertThat(window.changes()).extracting(RegistryChange::instanceId).containsExactly("i-2", "i-3");
		now[0] = Duration.ofSeconds(11).toNanos();
		assertThat(window.changes()).isEmpty();
	}

}
