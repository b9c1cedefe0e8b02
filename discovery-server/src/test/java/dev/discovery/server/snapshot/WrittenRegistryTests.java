package dev.discovery.server.snapshot;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryChange.Kind;
import dev.discovery.server.snapshot.JournalQueue.Batch;

import static org.assertj.core.api.Assertions.assertThat;

class WrittenRegistryTests {

	private final WrittenRegistry written = new WrittenRegistry();

	@Test
	void writtenBatchesShouldAddReplaceAndRemoveInstances() {
		this.written.load(List.of(instance("pay", "p-1", 1), instance("pay", "p-2", 2)), 2);
		this.written.written(batch(0, change(3, Kind.UPDATED, "pay", "p-1"), change(4, Kind.REGISTERED, "cart", "c-1"),
				change(5, Kind.EXPIRED, "pay", "p-2")));
		assertThat(this.written.instances()).extracting((i) -> i.id() + "@" + i.index())
			.containsExactlyInAnyOrder("p-1@3", "c-1@4");
		assertThat(this.written.size()).isEqualTo(2);
	}

	@Test
	void theReservationShouldMoveOnlyWithABatchThatReserves() {
		this.written.load(List.of(), 7);
		assertThat(this.written.reserved()).isEqualTo(7);
		this.written.written(batch(0, change(8, Kind.REGISTERED, "pay", "p-1")));
		assertThat(this.written.reserved()).isEqualTo(7);
		this.written.written(batch(100));
		assertThat(this.written.reserved()).isEqualTo(100);
	}

	@Test
	void instancesShouldBeACopy() {
		this.written.load(List.of(instance("pay", "p-1", 1)), 1);
		List<RegisteredInstance> copy = this.written.instances();
		this.written.written(batch(0, change(2, Kind.DEREGISTERED, "pay", "p-1")));
		assertThat(copy).hasSize(1);
		assertThat(this.written.instances()).isEmpty();
	}

	private static Batch batch(long reservation, RegistryChange... changes) {
		return new Batch(new byte[0], List.of(changes), reservation);
	}

	private static RegistryChange change(long index, Kind kind, String service, String id) {
		return new RegistryChange(index, kind, service, id, instance(service, id, index));
	}

	private static RegisteredInstance instance(String service, String id, long index) {
		return new RegisteredInstance(service, id, Registrations.spec("10.0.0.1", 8080), InstanceStatus.UP,
				HealthState.PASSING, null, null, Instant.EPOCH, Instant.EPOCH, index);
	}

}
