package dev.discovery.server.protection;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class ProtectionModeTests {

	private final MutableClock clock = new MutableClock();

	private final Registry registry = new MemoryStore(this.clock);

	private ProtectionMode protection = protection(ProtectionMode.Settings.defaults());

	@Test
	void oneCrashedInstanceOfThreeShouldExpire() {
		register("pay", 3);
		this.clock.advance(Duration.ofSeconds(5));
		heartbeat("pay", 2, 3);
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.registry.expireLeases(this.protection)).extracting(RegistryChange::instanceId)
			.containsExactly("pay-1");
		assertThat(this.protection.report().active()).isFalse();
	}

	@Test
	void mostInstancesExpiringTogetherShouldBeKeptAndTheServiceFlagged() {
		register("pay", 4);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.registry.expireLeases(this.protection)).hasSize(2);
		assertThat(this.registry.instances("pay", true)).hasSize(2);
		ProtectionReport report = this.protection.report();
		assertThat(report.services()).singleElement().satisfies((scope) -> {
			assertThat(scope.name()).isEqualTo("pay");
			assertThat(scope.held()).hasSize(2);
			assertThat(scope.reason()).isEqualTo("4 of 4 instances failed or expired within 30s (threshold 50%)");
			assertThat(scope.since()).isEqualTo(this.clock.instant());
		});
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.registry.expireLeases(this.protection)).isEmpty();
	}

	@Test
	void heartbeatsOfTheKeptInstancesShouldEndProtection() {
		register("pay", 4);
		this.clock.advance(Duration.ofSeconds(11));
		this.registry.expireLeases(this.protection);
		this.registry.instances("pay", false).forEach((i) -> this.registry.heartbeat("pay", i.id()));
		assertThat(this.protection.report().active()).isFalse();
		assertThat(this.registry.expireLeases(this.protection)).isEmpty();
		assertThat(this.registry.instances("pay", true)).hasSize(2);
	}

	@Test
	void replacementInstancesShouldLetTheKeptOnesGo() {
		register("pay", 4);
		this.clock.advance(Duration.ofSeconds(11));
		this.registry.expireLeases(this.protection);
		for (int i = 5; i <= 8; i++) {
			this.registry.register("pay", "pay-" + i, Registrations.spec("10.0.0." + i, 8080));
		}
		assertThat(this.registry.expireLeases(this.protection)).hasSize(2);
		assertThat(this.protection.report().active()).isFalse();
	}

	@Test
	void smallServiceShouldNeverBeProtectedOnItsOwn() {
		register("pay", 2);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.registry.expireLeases(this.protection)).hasSize(2);
	}

	@Test
	void manyServicesLosingInstancesAtOnceShouldProtectTheWholeRegistry() {
		for (int s = 1; s <= 10; s++) {
			register("svc" + s, 1);
		}
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.registry.expireLeases(this.protection)).hasSize(5);
		ProtectionReport report = this.protection.report();
		assertThat(report.registry()).isNotNull();
		assertThat(report.registry().held()).hasSize(5);
		assertThat(report.services()).isEmpty();
	}

	@Test
	void lossesOutsideTheWindowShouldNotCount() {
		register("pay", 4);
		this.clock.advance(Duration.ofSeconds(5));
		heartbeat("pay", 2, 4);
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.registry.expireLeases(this.protection)).hasSize(1);
		this.clock.advance(Duration.ofSeconds(31));
		heartbeat("pay", 3, 4);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.registry.expireLeases(this.protection)).hasSize(1);
		assertThat(this.protection.report().active()).isFalse();
	}

	@Test
	void criticalInstanceThatAlsoExpiresShouldCountAsOneLoss() {
		register("pay", 3);
		assertThat(this.protection.allowLoss(this.registry.instance("pay", "pay-1"), false)).isTrue();
		this.registry.setHealth("pay", "pay-1", HealthState.CRITICAL, "connection refused");
		this.clock.advance(Duration.ofSeconds(5));
		heartbeat("pay", 2, 3);
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.registry.expireLeases(this.protection)).extracting(RegistryChange::instanceId)
			.containsExactly("pay-1");
		assertThat(this.protection.report().active()).isFalse();
	}

	@Test
	void heartbeatShouldNotReleaseAnInstanceKeptForFailingChecks() {
		register("pay", 3);
		assertThat(this.protection.allowLoss(this.registry.instance("pay", "pay-1"), false)).isTrue();
		this.registry.setHealth("pay", "pay-1", HealthState.CRITICAL, "connection refused");
		assertThat(this.protection.allowLoss(this.registry.instance("pay", "pay-2"), false)).isFalse();
		this.registry.heartbeat("pay", "pay-2");
		assertThat(this.protection.report().services()).singleElement()
			.satisfies((scope) -> assertThat(scope.held()).containsExactly("pay-2"));
		this.protection.recovered("pay", "pay-2");
		assertThat(this.protection.report().active()).isFalse();
	}

	@Test
	void disabledProtectionShouldLetEverythingExpire() {
		this.protection = protection(new ProtectionMode.Settings(false, 0.5, Duration.ofSeconds(30), 3, 10,
				Duration.ofMinutes(2)));
		register("pay", 4);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.registry.expireLeases(this.protection)).hasSize(4);
		assertThat(this.protection.report().enabled()).isFalse();
	}

	@Test
	void anotherTenantsLapsedLeasesShouldNotHoldThisTenantsDeadInstance() {
		this.protection = protection(ProtectionMode.Settings.defaults(),
				(service) -> service.startsWith("payment-") ? "payment" : "order");
		assertThat(lapsePaymentLeasesWhileOrderLives()).hasSizeLessThan(50)
			.allMatch((change) -> change.service().startsWith("payment-"));
		// order-1 dies while the payment tenant is protected: it is another tenant's, so it goes.
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.registry.expireLeases(this.protection)).extracting(RegistryChange::instanceId)
			.containsExactly("order-1");
		ProtectionReport report = this.protection.report();
		assertThat(report.registry()).isNull();
		assertThat(report.tenants()).singleElement().satisfies((scope) -> {
			assertThat(scope.name()).isEqualTo("payment");
			assertThat(scope.held()).allMatch((member) -> member.startsWith("payment-"));
		});
	}

	@Test
	void aTenantLosingEverythingAtOnceShouldKeepHalfWhenCountedOnce() {
		this.protection = protection(ProtectionMode.Settings.defaults(), (service) -> "payment");
		for (int s = 1; s <= 50; s++) {
			register("payment-" + s, 2);
		}
		this.clock.advance(Duration.ofSeconds(11));
		// Each allowed loss leaves the tenant's count as it leaves the registry: the size stays 100 throughout.
		assertThat(this.registry.expireLeases(this.protection)).hasSize(50);
		assertThat(this.protection.report().tenants()).singleElement()
			.satisfies((scope) -> assertThat(scope.held()).hasSize(50));
	}

	@Test
	void withoutTenantsTheWholeRegistryShouldStillBeProtected() {
		lapsePaymentLeasesWhileOrderLives();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.registry.expireLeases(this.protection)).isEmpty();
		assertThat(this.registry.instances("order", true)).hasSize(1);
		assertThat(this.protection.report().registry().held()).contains("order/order-1");
	}

	@Test
	void heldInstancesShouldBeLetGoAfterTheMaximumHoldAndNotCountAgain() {
		for (int s = 1; s <= 20; s++) {
			register("svc" + s, 1);
		}
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.registry.expireLeases(this.protection)).hasSize(10);
		this.clock.advance(Duration.ofSeconds(119));
		assertThat(this.registry.expireLeases(this.protection)).isEmpty();
		// Counted again, the ten released instances would be a registry of ten losing them all, and be held anew.
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.registry.expireLeases(this.protection)).hasSize(10);
		assertThat(this.registry.instanceCount()).isZero();
		assertThat(this.protection.report().active()).isFalse();
		// Released, they were not counted as new losses: a fresh registry of ten loses one without protection.
		for (int s = 1; s <= 10; s++) {
			register("new" + s, 1);
		}
		this.clock.advance(Duration.ofSeconds(5));
		for (int s = 2; s <= 10; s++) {
			this.registry.heartbeat("new" + s, "new" + s + "-1");
		}
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.registry.expireLeases(this.protection)).extracting(RegistryChange::service)
			.containsExactly("new1");
	}

	@Test
	void heldInstanceThatNoOneAsksAboutAgainShouldNotKeepProtectionOn() {
		register("pay", 4);
		this.clock.advance(Duration.ofSeconds(11));
		this.registry.expireLeases(this.protection);
		assertThat(this.protection.report().active()).isTrue();
		// As on a replica of a cluster whose backend expired the held instances without asking.
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.protection.report().active()).isFalse();
		assertThat(this.protection.holds("pay", "pay-3")).isFalse();
	}

	/** The attack of issue 12: 25 two-instance payment services lapse together; order-1 expires five seconds later. */
	private List<RegistryChange> lapsePaymentLeasesWhileOrderLives() {
		this.registry.register("order", "order-1", Registrations.spec("10.0.1.1", 8080, Duration.ofSeconds(10)));
		for (int s = 1; s <= 25; s++) {
			register("payment-" + s, 2);
		}
		this.clock.advance(Duration.ofSeconds(5));
		this.registry.heartbeat("order", "order-1");
		this.clock.advance(Duration.ofSeconds(6));
		return this.registry.expireLeases(this.protection);
	}

	private ProtectionMode protection(ProtectionMode.Settings settings) {
		return protection(settings, Tenants.ONE);
	}

	private ProtectionMode protection(ProtectionMode.Settings settings, Tenants tenants) {
		ProtectionMode mode = new ProtectionMode(this.registry, this.clock, settings, tenants);
		this.registry.addListener(mode);
		return mode;
	}

	private void register(String service, int count) {
		for (int i = 1; i <= count; i++) {
			this.registry.register(service, service + "-" + i, Registrations.spec("10.0.0." + i, 8080,
					Duration.ofSeconds(10)));
		}
	}

	private void heartbeat(String service, int from, int to) {
		for (int i = from; i <= to; i++) {
			this.registry.heartbeat(service, service + "-" + i);
		}
	}

}
