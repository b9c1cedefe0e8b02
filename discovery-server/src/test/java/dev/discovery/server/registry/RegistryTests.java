package dev.discovery.server.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.RegistryChange.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RegistryTests {

	private final MutableClock clock = new MutableClock();

	private final Registry registry = new Registry(this.clock);

	@Test
	void registerShouldReportNewThenReplaced() {
		assertThat(this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080)).kind())
			.isEqualTo(Kind.REGISTERED);
		RegistryChange replaced = this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.2", 8080));
		assertThat(replaced.kind()).isEqualTo(Kind.UPDATED);
		assertThat(this.registry.instance("pay", "pay-1").spec().host()).isEqualTo("10.0.0.2");
		assertThat(this.registry.instanceCount()).isEqualTo(1);
	}

	@Test
	void everyChangeShouldMoveTheIndexByOne() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		this.registry.register("pay", "pay-2", Registrations.spec("10.0.0.2", 8080));
		this.registry.setStatus("pay", "pay-1", InstanceStatus.OUT_OF_SERVICE);
		this.registry.deregister("pay", "pay-2");
		assertThat(this.registry.index()).isEqualTo(4);
		assertThat(this.registry.instance("pay", "pay-1").index()).isEqualTo(3);
	}

	@Test
	void heartbeatShouldNotMoveTheIndex() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		this.clock.advance(Duration.ofSeconds(3));
		RegisteredInstance renewed = this.registry.heartbeat("pay", "pay-1");
		assertThat(renewed.lastHeartbeat()).isEqualTo(this.clock.instant());
		assertThat(this.registry.index()).isEqualTo(1);
	}

	@Test
	void heartbeatOfUnknownInstanceShouldFail() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		assertThatExceptionOfType(InstanceNotFoundException.class)
			.isThrownBy(() -> this.registry.heartbeat("pay", "pay-2"));
		assertThatExceptionOfType(InstanceNotFoundException.class)
			.isThrownBy(() -> this.registry.heartbeat("orders", "pay-1"));
	}

	@Test
	void leaseShouldExpireOnlyAfterItsTtl() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080, Duration.ofSeconds(15)));
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(this.registry.expireLeases()).isEmpty();
		this.clock.advance(Duration.ofMillis(1));
		List<RegistryChange> expired = this.registry.expireLeases();
		assertThat(expired).singleElement().satisfies((change) -> {
			assertThat(change.kind()).isEqualTo(Kind.EXPIRED);
			assertThat(change.instanceId()).isEqualTo("pay-1");
		});
		assertThat(this.registry.serviceCount()).isZero();
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void heartbeatShouldPushExpiryBack() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080, Duration.ofSeconds(15)));
		for (int i = 0; i < 10; i++) {
			this.clock.advance(Duration.ofSeconds(10));
			this.registry.heartbeat("pay", "pay-1");
			assertThat(this.registry.expireLeases()).isEmpty();
		}
		this.clock.advance(Duration.ofSeconds(16));
		assertThat(this.registry.expireLeases()).hasSize(1);
	}

	@Test
	void passingViewShouldLeaveOutInstancesNotUpOrCritical() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		this.registry.register("pay", "pay-2", Registrations.spec("10.0.0.2", 8080));
		this.registry.register("pay", "pay-3", Registrations.spec("10.0.0.3", 8080));
		this.registry.setStatus("pay", "pay-2", InstanceStatus.OUT_OF_SERVICE);
		this.registry.setHealth("pay", "pay-3", HealthState.CRITICAL, "connection refused");
		assertThat(this.registry.instances("pay", true)).extracting(RegisteredInstance::id).containsExactly("pay-1");
		assertThat(this.registry.instances("pay", false)).extracting(RegisteredInstance::id)
			.containsExactly("pay-1", "pay-2", "pay-3");
		assertThat(this.registry.services()).containsExactly(new ServiceSummary("pay", 3, 1, 5));
	}

	@Test
	void unchangedStatusShouldNotMoveTheIndex() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		this.registry.setStatus("pay", "pay-1", InstanceStatus.UP);
		assertThat(this.registry.index()).isEqualTo(1);
	}

	@Test
	void renderedPassingShouldBeReusedUntilTheServiceChanges() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		this.registry.register("pay", "pay-2", Registrations.spec("10.0.0.2", 8080));
		List<List<String>> renders = new ArrayList<>();
		java.util.function.Function<List<RegisteredInstance>, byte[]> render = (instances) -> {
			renders.add(instances.stream().map(RegisteredInstance::id).toList());
			return new byte[] { (byte) renders.size() };
		};
		byte[] first = this.registry.renderedPassing("pay", render);
		assertThat(this.registry.renderedPassing("pay", render)).isSameAs(first);
		this.registry.heartbeat("pay", "pay-1");
		assertThat(this.registry.renderedPassing("pay", render)).isNotSameAs(first);
		this.registry.setStatus("pay", "pay-2", InstanceStatus.OUT_OF_SERVICE);
		this.registry.renderedPassing("pay", render);
		assertThat(renders).containsExactly(List.of("pay-1", "pay-2"), List.of("pay-1", "pay-2"), List.of("pay-1"));
		assertThatExceptionOfType(ServiceNotFoundException.class)
			.isThrownBy(() -> this.registry.renderedPassing("orders", render));
	}

	@Test
	void unknownServiceShouldFail() {
		assertThatExceptionOfType(ServiceNotFoundException.class).isThrownBy(() -> this.registry.instances("x", true));
	}

	@Test
	void listenersShouldHearChangesInIndexOrder() {
		List<Long> heard = new ArrayList<>();
		this.registry.addListener((change) -> heard.add(change.index()));
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
		this.registry.register("orders", "orders-1", Registrations.spec("10.0.0.2", 8080));
		this.registry.deregister("pay", "pay-1");
		assertThat(heard).containsExactly(1L, 2L, 3L);
	}

	@Test
	void restoreShouldKeepIndexAndRearmLeases() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080, Duration.ofSeconds(15)));
		List<RegisteredInstance> saved = this.registry.allInstances();
		MutableClock later = new MutableClock(this.clock.instant().plus(Duration.ofMinutes(10)));
		Registry restarted = new Registry(later);
		restarted.restore(saved, 7);
		assertThat(restarted.index()).isEqualTo(7);
		assertThat(restarted.expireLeases()).isEmpty();
		later.advance(Duration.ofSeconds(16));
		assertThat(restarted.expireLeases()).hasSize(1);
	}

}
