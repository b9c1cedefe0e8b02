package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.discovery.server.MutableClock;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the etcd store keeps alive while protection mode is on: the leases of the instances it holds, each until its
 * maximum hold, and no other lease of a protected service (one that dies there is judged like any other).
 */
class EtcdProtectionTests {

	private final MutableClock clock = new MutableClock();

	private final Registry registry = new MemoryStore(this.clock);

	private final ProtectionMode protection = new ProtectionMode(this.registry, this.clock,
			ProtectionMode.Settings.defaults());

	private final EtcdProtection etcd = new EtcdProtection(this.protection);

	@Test
	void onlyHeldInstancesShouldBeKeptAliveAndOnlyUntilTheirMaximumHold() {
		this.registry.addListener(this.protection);
		for (int i = 1; i <= 4; i++) {
			this.registry.register("pay", "pay-" + i, Registrations.spec("10.0.0." + i, 8080, Duration.ofSeconds(10)));
		}
		this.clock.advance(Duration.ofSeconds(5));
		this.registry.register("pay", "pay-5", Registrations.spec("10.0.0.5", 8080, Duration.ofSeconds(10)));
		this.clock.advance(Duration.ofSeconds(6));
		List<String> expired = this.registry.expireLeases(this.protection).stream().map((c) -> c.instanceId()).toList();
		List<RegisteredInstance> held = this.registry.instances("pay", false).stream()
			.filter((i) -> !i.id().equals("pay-5")).toList();
		assertThat(expired).hasSize(2);
		assertThat(held).hasSize(2);
		Predicate<RegisteredInstance> keptAlive = this.etcd.held();
		assertThat(held).allMatch(keptAlive);
		assertThat(keptAlive.test(this.registry.instance("pay", "pay-5"))).isFalse();
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.etcd.held()).isNull();
	}

}
