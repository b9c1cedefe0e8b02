package dev.discovery.server.registry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of a store that keeps its state across a crash (the journaled memory store, etcd): everything in
 * {@link RegistryContractTests}, and a restart that neither loses nor resurrects.
 */
public abstract class DurableRegistryContractTests extends RegistryContractTests {

	/**
	 * Stops the store as a crash would and starts another over the same saved state.
	 * @param current the running store
	 * @return the new store
	 */
	protected abstract Registry crashAndRestart(Registry current);

	@Test
	void aRestartShouldKeepWhatWasRegisteredAndNeverBringBackWhatWasRemoved() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		this.registry.register("pay", "pay-2", spec("10.0.0.2"));
		this.registry.setStatus("pay", "pay-1", InstanceStatus.OUT_OF_SERVICE);
		this.registry.setHealth("pay", "pay-2", HealthState.WARNING, "slow");
		this.registry.register("cart", "cart-1", spec("10.0.0.3"));
		this.registry.deregister("cart", "cart-1");
		long before = this.registry.index();
		Registry restarted = crashAndRestart(this.registry);
		this.registry = restarted;
		assertThat(restarted.recovery().restored()).isTrue();
		assertThat(restarted.index()).isGreaterThanOrEqualTo(before);
		assertThat(restarted.instances("pay", false)).extracting(RegisteredInstance::id)
			.containsExactly("pay-1", "pay-2");
		assertThat(restarted.instance("pay", "pay-1").status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
		assertThat(restarted.instance("pay", "pay-2").health()).isEqualTo(HealthState.WARNING);
		assertThat(restarted.instanceCount("cart")).isZero();
		assertThat(restarted.register("cart", "cart-2", spec("10.0.0.4")).index()).isGreaterThan(before);
	}

	@Test
	void aRestartedStoreShouldGiveInstancesAFullLeaseToHeartbeatAgain() {
		this.registry.register("pay", "pay-1", spec("10.0.0.1"));
		elapse(TTL.minusSeconds(1));
		Registry restarted = crashAndRestart(this.registry);
		this.registry = restarted;
		elapse(Duration.ofSeconds(2));
		restarted.expireLeases();
		assertThat(restarted.instanceCount("pay")).isOne();
		restarted.heartbeat("pay", "pay-1");
	}

}
