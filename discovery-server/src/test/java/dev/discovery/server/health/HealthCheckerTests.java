package dev.discovery.server.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.MutableClock;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class HealthCheckerTests {

	private static final RegistrationValidator VALIDATOR = new RegistrationValidator(new LeaseProperties(), new LimitsProperties(),
			HealthCheckDefaults.standard());

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private final MutableClock clock = new MutableClock();

	private final Registry registry = new MemoryStore(this.clock);

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final TcpHealthProbe tcp = new TcpHealthProbe(this.executor, LoopbackTargets.policy());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final StubInstance stub = new StubInstance();

	private final ProtectionMode protection = new ProtectionMode(this.registry, this.clock,
			ProtectionMode.Settings.defaults());

	private HealthChecker checker;

	@BeforeEach
	void setUp() {
		this.registry.addListener(this.protection);
		this.checker = new HealthChecker(this.registry, this.clock,
				Map.of(HealthCheckType.HTTP, new HttpHealthProbe(this.executor, LoopbackTargets.policy()),
						HealthCheckType.TCP, this.tcp),
				this.protection, new HealthMetrics(this.meters, this.registry),
				new HealthChecker.Settings(new ThreadPoolTaskScheduler(), this.executor, Duration.ofMillis(250), 100));
		this.checker.setRandom(() -> 0L);
		this.registry.addListener(this.checker);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.stub.close();
		this.tcp.close();
		this.executor.shutdownNow();
	}

	@Test
	void failingInstanceShouldTurnCriticalAtTheFailureThresholdAndLeaveThePassingView() {
		register("pay-1", http());
		round();
		assertThat(health("pay-1")).isEqualTo(HealthState.PASSING);
		this.stub.answer(503);
		nextRound();
		nextRound();
		assertThat(health("pay-1")).isEqualTo(HealthState.PASSING);
		assertThat(instance("pay-1").healthOutput()).endsWith("/health/ready: HTTP 503");
		long index = this.registry.index();
		nextRound();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
		assertThat(this.registry.index()).isGreaterThan(index);
		assertThat(this.registry.instances("pay", true)).isEmpty();
	}

	@Test
	void criticalInstanceShouldPassAgainAfterTheSuccessThreshold() {
		register("pay-1", new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "1s", 1, 2, null));
		this.stub.answer(500);
		round();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
		this.stub.answer(204);
		nextRound();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
		nextRound();
		assertThat(health("pay-1")).isEqualTo(HealthState.PASSING);
		assertThat(this.registry.instances("pay", true)).hasSize(1);
	}

	@Test
	void tooManyRequestsShouldWarnAndStayInThePassingView() {
		register("pay-1", http());
		this.stub.answer(429);
		round();
		assertThat(health("pay-1")).isEqualTo(HealthState.WARNING);
		assertThat(this.registry.instances("pay", true)).hasSize(1);
	}

	@Test
	void instanceCriticalForLongerThanDeregisterAfterShouldBeRemoved() {
		register("pay-1", new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "1s", 1, 1, "30s"));
		this.stub.answer(503);
		round();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
		this.clock.advance(Duration.ofSeconds(29));
		round();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
		this.clock.advance(Duration.ofSeconds(1));
		round();
		assertThatExceptionOfType(InstanceNotFoundException.class).isThrownBy(() -> instance("pay-1"));
		assertThat(this.meters.get("discovery.health.removals").counter().count()).isEqualTo(1);
	}

	@Test
	void hangingInstanceShouldNotDelayTheChecksOfOthers() {
		try (StubInstance fast = new StubInstance()) {
			register("slow-1", new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "5s", 1, 1, null));
			register("fast-1", fast.port(), http());
			this.stub.hang();
			CompletableFuture<Void> round = this.checker.runDueChecks();
			await().until(() -> instance("fast-1").lastCheckAt() != null);
			assertThat(health("fast-1")).isEqualTo(HealthState.PASSING);
			assertThat(round).isNotDone();
			assertThat(instance("slow-1").lastCheckAt()).isNull();
			this.stub.release();
			round.join();
		}
	}

	@Test
	void checkThatTimesOutShouldFail() {
		register("slow-1", new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "200ms", 1, 1, null));
		this.stub.hang();
		round();
		assertThat(health("slow-1")).isEqualTo(HealthState.CRITICAL);
		assertThat(instance("slow-1").healthOutput()).contains("timed out after 200ms");
	}

	@Test
	void redirectOffTheHostShouldNotBeFollowed() {
		this.stub.redirectTo("http://example.invalid/health");
		register("pay-1", new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "1s", 1, 1, null));
		round();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
		assertThat(instance("pay-1").healthOutput()).contains("redirect off the host", "not followed");
	}

	@Test
	void secureInstanceShouldBeCheckedOverHttps() {
		InstanceRegistration registration = new InstanceRegistration("127.0.0.1", this.stub.port(), true, Map.of(),
				List.of(), null, null, null, new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "1s", 1, 1, null),
				null);
		this.registry.register("pay", "pay-1", VALIDATOR.validate(registration));
		round();
		assertThat(instance("pay-1").healthOutput()).startsWith("GET https://127.0.0.1:" + this.stub.port());
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
	}

	@Test
	void tcpCheckShouldPassWhileThePortAcceptsAndFailOnceItIsClosed() {
		register("pay-1", new HealthCheckSpec(HealthCheckType.TCP, null, "5s", "1s", 1, 1, null));
		round();
		assertThat(health("pay-1")).isEqualTo(HealthState.PASSING);
		assertThat(instance("pay-1").healthOutput()).endsWith("connected");
		this.stub.close();
		nextRound();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
	}

	@Test
	void heartbeatOnlyInstanceShouldNotBeChecked() {
		this.registry.register("pay", "pay-1", VALIDATOR.validate(InstanceRegistration.of("127.0.0.1", 9)));
		round();
		assertThat(this.checker.checkedInstances()).isZero();
		assertThat(instance("pay-1").lastCheckAt()).isNull();
	}

	@Test
	void reRegistrationShouldStartTheCountAfresh() {
		register("pay-1", http());
		this.stub.answer(503);
		round();
		nextRound();
		register("pay-1", http());
		nextRound();
		nextRound();
		assertThat(health("pay-1")).isEqualTo(HealthState.PASSING);
		nextRound();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
	}

	@Test
	void checksShouldBeCountedByTypeAndResult() {
		register("pay-1", http());
		round();
		assertThat(this.meters.get("discovery.health.checks").tags("type", "http", "result", "passing").counter()
			.count()).isEqualTo(1);
		assertThat(this.meters.get("discovery.health.check.duration").tags("type", "http").timer().count())
			.isEqualTo(1);
		assertThat(this.meters.get("discovery.health.instances").tags("state", "passing").gauge().value())
			.isEqualTo(1);
	}

	@Test
	void mostInstancesFailingAtOnceShouldBeKeptByProtectionModeUntilTheyRecover() {
		HealthCheckSpec once = new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "1s", 1, 1, null);
		register("pay-1", once);
		register("pay-2", once);
		register("pay-3", once);
		this.stub.answer(503);
		round();
		assertThat(this.registry.instances("pay", true)).hasSize(2);
		assertThat(this.protection.report().services()).singleElement()
			.satisfies((scope) -> assertThat(scope.held()).hasSize(2));
		assertThat(this.registry.instances("pay", true)).allSatisfy((instance) -> assertThat(instance.healthOutput())
			.startsWith("failing, kept by protection mode: GET http://127.0.0.1:"));
		this.stub.answer(200);
		nextRound();
		assertThat(this.registry.instances("pay", true)).hasSize(3);
		assertThat(this.protection.report().active()).isFalse();
	}

	@Test
	void checksBeyondTheConcurrencyLimitShouldWaitForALaterRound() {
		SimpleMeterRegistry limitedMeters = new SimpleMeterRegistry();
		HealthChecker limited = new HealthChecker(this.registry, this.clock,
				Map.of(HealthCheckType.HTTP, new HttpHealthProbe(this.executor, LoopbackTargets.policy())), this.protection,
				new HealthMetrics(limitedMeters, this.registry),
				new HealthChecker.Settings(new ThreadPoolTaskScheduler(), this.executor, Duration.ofMillis(250), 1));
		limited.setRandom(() -> 0L);
		this.registry.addListener(limited);
		register("pay-1", http());
		register("pay-2", http());
		this.stub.hang();
		CompletableFuture<Void> first = limited.runDueChecks();
		assertThat(limited.runningChecks()).isEqualTo(1);
		limited.runDueChecks().join();
		assertThat(limitedMeters.get("discovery.health.checks.deferred").counter().count()).isEqualTo(2);
		assertThat(this.registry.instances("pay", false)).filteredOn((i) -> i.lastCheckAt() != null).isEmpty();
		this.stub.release();
		first.join();
		limited.runDueChecks().join();
		assertThat(this.registry.instances("pay", false)).allSatisfy((i) -> assertThat(i.lastCheckAt()).isNotNull());
	}

	@Test
	void hungInstancesShouldNotTakeEverySlotFromTheOthers() {
		// Two slots: instances whose last check timed out may hold one of them at the most.
		HealthChecker limited = new HealthChecker(this.registry, this.clock,
				Map.of(HealthCheckType.HTTP, new HttpHealthProbe(this.executor, LoopbackTargets.policy())), this.protection,
				new HealthMetrics(new SimpleMeterRegistry(), this.registry),
				new HealthChecker.Settings(new ThreadPoolTaskScheduler(), this.executor, Duration.ofMillis(250), 2));
		limited.setRandom(() -> 0L);
		this.registry.addListener(limited);
		HealthCheckSpec hanging = new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "2s", 1, 1, null);
		register("hung-1", hanging);
		register("hung-2", hanging);
		this.stub.hang();
		limited.runDueChecks().join();
		assertThat(this.registry.instances("pay", false)).allSatisfy((i) -> {
			assertThat(i.health()).isEqualTo(HealthState.CRITICAL);
			assertThat(i.healthOutput()).contains("timed out");
		});
		try (StubInstance fast = new StubInstance()) {
			this.clock.advance(INTERVAL);
			// The hung instances are due again and start first; a new instance comes while their checks hang.
			CompletableFuture<Void> hung = limited.runDueChecks();
			register("fast-3", fast.port(), http());
			limited.runDueChecks().join();
			assertThat(instance("fast-3").lastCheckAt()).as("checked while the hung checks run").isNotNull();
			assertThat(health("fast-3")).isEqualTo(HealthState.PASSING);
			hung.join();
			this.clock.advance(INTERVAL);
			limited.runDueChecks().join();
			limited.runDueChecks().join();
			assertThat(this.registry.instances("pay", false)).as("the hung ones still get their turn")
				.filteredOn((i) -> i.id().startsWith("hung-"))
				.allSatisfy((i) -> assertThat(i.lastCheckAt()).isAfter(this.clock.instant().minus(INTERVAL)));
		}
	}

	private void register(String id, HealthCheckSpec check) {
		register(id, this.stub.port(), check);
	}

	private void register(String id, int port, HealthCheckSpec check) {
		InstanceRegistration registration = new InstanceRegistration("127.0.0.1", port, false, Map.of(),
				List.of(), null, null, "1h", check, null);
		InstanceSpec spec = VALIDATOR.validate(registration);
		this.registry.register("pay", id, spec);
	}

	private static HealthCheckSpec http() {
		return new HealthCheckSpec(HealthCheckType.HTTP, null, null, null, null, null, null);
	}

	private void round() {
		this.checker.runDueChecks().join();
	}

	private void nextRound() {
		this.clock.advance(INTERVAL);
		round();
	}

	private RegisteredInstance instance(String id) {
		return this.registry.instance("pay", id);
	}

	private HealthState health(String id) {
		return instance(id).health();
	}

}
