package dev.discovery.server.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.MutableClock;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class CheckStateTests {

	private final MutableClock clock = new MutableClock();

	private final Instant start = this.clock.instant();

	@Test
	void failuresBelowTheThresholdShouldKeepTheCurrentHealth() {
		CheckState state = state(3, 1, () -> 0L);
		assertThat(state.record(HealthState.CRITICAL)).isEqualTo(HealthState.PASSING);
		assertThat(state.record(HealthState.CRITICAL)).isEqualTo(HealthState.PASSING);
		assertThat(state.record(HealthState.CRITICAL)).isEqualTo(HealthState.CRITICAL);
	}

	@Test
	void successInBetweenShouldRestartTheFailureCount() {
		CheckState state = state(2, 1, () -> 0L);
		state.record(HealthState.CRITICAL);
		state.record(HealthState.PASSING);
		assertThat(state.record(HealthState.CRITICAL)).isEqualTo(HealthState.PASSING);
	}

	@Test
	void criticalInstanceShouldNeedSuccessThresholdPassesInARow() {
		CheckState state = state(1, 3, () -> 0L);
		state.finished(state.record(HealthState.CRITICAL), this.start);
		assertThat(state.record(HealthState.PASSING)).isEqualTo(HealthState.CRITICAL);
		assertThat(state.record(HealthState.WARNING)).isEqualTo(HealthState.CRITICAL);
		assertThat(state.record(HealthState.PASSING)).isEqualTo(HealthState.PASSING);
	}

	@Test
	void deregisterAfterShouldCountFromTheFirstCriticalRecord() {
		CheckState state = state(1, 1, () -> 0L);
		state.finished(HealthState.CRITICAL, this.start);
		state.finished(HealthState.CRITICAL, this.start.plusSeconds(30));
		assertThat(state.criticalLongerThanAllowed(this.start.plusSeconds(59))).isFalse();
		assertThat(state.criticalLongerThanAllowed(this.start.plusSeconds(60))).isTrue();
		state.finished(HealthState.PASSING, this.start.plusSeconds(60));
		assertThat(state.criticalLongerThanAllowed(this.start.plusSeconds(600))).isFalse();
	}

	@Test
	void firstCheckShouldComeWithinASecondAndLaterOnesOncePerInterval() {
		CheckState state = state(3, 1, new SplittableRandom(7));
		Instant first = firstDue(state);
		assertThat(Duration.between(this.start, first)).isLessThan(Duration.ofSeconds(1));
		Instant second = nextClaim(state, first);
		assertThat(second).isAfter(first).isBeforeOrEqualTo(first.plusSeconds(5));
		assertThat(nextClaim(state, second)).isEqualTo(second.plusSeconds(5));
	}

	@Test
	void claimedCheckShouldNotBeClaimedAgainWhileRunning() {
		CheckState state = state(3, 1, () -> 0L);
		assertThat(state.claimIfDue(this.start)).isTrue();
		assertThat(state.claimIfDue(this.start.plusSeconds(60))).isFalse();
		state.finished(HealthState.PASSING, this.start.plusSeconds(60));
		assertThat(state.claimIfDue(this.start.plusSeconds(60))).isTrue();
	}

	private Instant firstDue(CheckState state) {
		return nextClaim(state, this.start);
	}

	/** The first time from {@code after} on, in 10 ms steps, at which a check is due. */
	private static Instant nextClaim(CheckState state, Instant after) {
		Instant t = after;
		while (!state.claimIfDue(t)) {
			t = t.plusMillis(10);
		}
		state.finished(HealthState.PASSING, t);
		return t;
	}

	private CheckState state(int failures, int successes, java.util.random.RandomGenerator random) {
		RegistrationValidator validator = new RegistrationValidator(new LeaseProperties(), new LimitsProperties(),
				HealthCheckDefaults.standard());
		Registry registry = new MemoryStore(this.clock);
		registry.register("pay", "pay-1", validator.validate(new InstanceRegistration("127.0.0.1", 8080, false,
				Map.of(), List.of(), null, null, null,
				new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "1s", failures, successes, "1m"), null)));
		RegisteredInstance instance = registry.instance("pay", "pay-1");
		return new CheckState(instance, this.start, random);
	}

}
