package dev.discovery.server.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotStoreTests {

	@TempDir
	Path dir;

	@Test
	void snapshotShouldRoundTripInstancesAndIndex() {
		MutableClock clock = new MutableClock();
		Registry before = new MemoryStore(clock);
		before.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080, Duration.ofSeconds(20)));
		before.register("pay", "pay-2", Registrations.spec("payment.internal", 8443));
		before.register("orders", "orders-1", Registrations.spec("::1", 9000));
		before.setStatus("pay", "pay-2", InstanceStatus.OUT_OF_SERVICE);
		before.setHealth("orders", "orders-1", HealthState.WARNING, "429 Too Many Requests");
		Path file = this.dir.resolve("nested/snapshot.json");
		assertThat(new SnapshotStore(() -> before, file, clock).save()).isEqualTo(3);

		MutableClock later = new MutableClock(clock.instant().plus(Duration.ofHours(1)));
		MemoryStore after = new MemoryStore(later, 10, 10, new SnapshotStore(() -> null, file, later));
		assertThat(after.recover().instances()).isEqualTo(3);

		assertThat(after.index()).isEqualTo(before.index());
		assertThat(after.services()).isEqualTo(before.services());
		RegisteredInstance pay1 = after.instance("pay", "pay-1");
		assertThat(pay1.spec()).isEqualTo(before.instance("pay", "pay-1").spec());
		assertThat(pay1.lastHeartbeat()).isEqualTo(later.instant());
		assertThat(after.instance("pay", "pay-2").status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
		assertThat(after.instance("orders", "orders-1").healthOutput()).isEqualTo("429 Too Many Requests");
		later.advance(Duration.ofSeconds(15));
		assertThat(after.expireLeases()).isEmpty();
		later.advance(Duration.ofSeconds(5).plusMillis(1));
		assertThat(after.expireLeases()).extracting((change) -> change.instanceId())
			.containsExactlyInAnyOrder("pay-1", "pay-2", "orders-1");
	}

	@Test
	void missingSnapshotShouldLoadNothing() {
		SnapshotStore store = new SnapshotStore(() -> null, this.dir.resolve("none.json"), new MutableClock());
		assertThat(store.recover().outcome().restored()).isFalse();
	}

	@Test
	void damagedSnapshotShouldBeIgnored() throws Exception {
		Path file = this.dir.resolve("snapshot.json");
		Files.writeString(file, "{\"format\":1,\"index\":3,\"instances\":[{\"service\":");
		MemoryStore registry = new MemoryStore(new MutableClock(), 10, 10,
				new SnapshotStore(() -> null, file, new MutableClock()));
		assertThat(registry.recover().restored()).isFalse();
		assertThat(registry.instanceCount()).isZero();
	}

}
