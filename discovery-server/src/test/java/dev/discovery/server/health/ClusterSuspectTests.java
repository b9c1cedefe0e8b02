package dev.discovery.server.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Suspect reports in a cluster, two nodes' checkers over one store: the node that got the report checks an instance
 * the other node owns, a failure reaches the shared view at once, and the owner's own checks carry on from there
 * instead of undoing it.
 */
class ClusterSuspectTests {

	private static final RegistrationValidator VALIDATOR = new RegistrationValidator(new LeaseProperties(),
			new LimitsProperties(), HealthCheckDefaults.standard());

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private final MutableClock clock = new MutableClock();

	private final Registry registry = new MemoryStore(this.clock);

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final StubInstance stub = new StubInstance();

	private final ProtectionMode protection = new ProtectionMode(this.registry, this.clock,
			ProtectionMode.Settings.defaults());

	private HealthChecker owner;

	private HealthChecker other;

	@BeforeEach
	void setUp() {
		this.registry.addListener(this.protection);
		this.owner = checker(true);
		this.other = checker(false);
		register(new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "1s", 3, 1, null));
		this.owner.runDueChecks().join();
		assertThat(health()).isEqualTo(HealthState.PASSING);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.stub.close();
		this.executor.shutdownNow();
	}

	@Test
	void reportToTheOtherNodeShouldTakeAFailingInstanceOutAtOnce() {
		this.stub.answer(503);
		assertThat(this.other.checkNow("pay", "pay-1", Duration.ofSeconds(1))).isEqualTo(Suspicion.STARTED);
		await().atMost(Duration.ofSeconds(10)).until(() -> health() == HealthState.CRITICAL);
		assertThat(this.registry.instances("pay", true)).isEmpty();
	}

	@Test
	void ownerShouldKeepTheOtherNodesFindingUntilTheInstancePassesAgain() {
		this.stub.answer(503);
		this.other.checkNow("pay", "pay-1", Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> health() == HealthState.CRITICAL);
		// One failure of its own is below its threshold of 3: without taking the finding over, it would write
		// PASSING back.
		nextOwnerRound();
		assertThat(health()).isEqualTo(HealthState.CRITICAL);
		this.stub.answer(200);
		nextOwnerRound();
		assertThat(health()).isEqualTo(HealthState.PASSING);
	}

	@Test
	void passingCheckOnTheOtherNodeShouldChangeNothing() {
		assertThat(this.other.checkNow("pay", "pay-1", Duration.ofSeconds(1))).isEqualTo(Suspicion.STARTED);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.other.runningChecks() == 0);
		assertThat(health()).isEqualTo(HealthState.PASSING);
		assertThat(this.registry.instances("pay", true)).hasSize(1);
	}

	@Test
	void instanceWithoutACheckShouldNotBeCheckedByEitherNode() {
		this.registry.register("pay", "pay-2", VALIDATOR.validate(new InstanceRegistration("127.0.0.1",
				this.stub.port(), false, Map.of(), List.of(), null, null, "1h",
				new HealthCheckSpec(HealthCheckType.TTL, null, null, null, null, null, null), null)));
		assertThat(this.other.checkNow("pay", "pay-2", Duration.ofSeconds(1))).isEqualTo(Suspicion.NOT_CHECKED);
	}

	private HealthChecker checker(boolean owns) {
		CheckAssignment assignment = new CheckAssignment() {

			@Override
			public boolean assigned(String service, String instanceId) {
				return owns;
			}

			@Override
			public long generation() {
				return 0;
			}

		};
		HealthChecker checker = new HealthChecker(this.registry, this.clock,
				Map.of(HealthCheckType.HTTP, new HttpHealthProbe(this.executor, LoopbackTargets.policy())),
				this.protection, new HealthMetrics(new SimpleMeterRegistry(), this.registry),
				new HealthChecker.Settings(new ThreadPoolTaskScheduler(), this.executor, Duration.ofMillis(250), 100),
				assignment);
		checker.setRandom(() -> 0L);
		this.registry.addListener(checker);
		return checker;
	}

	private void register(HealthCheckSpec check) {
		this.registry.register("pay", "pay-1", VALIDATOR.validate(new InstanceRegistration("127.0.0.1",
				this.stub.port(), false, Map.of(), List.of(), null, null, "1h", check, null)));
	}

	private void nextOwnerRound() {
		this.clock.advance(INTERVAL);
		this.owner.runDueChecks().join();
	}

	private HealthState health() {
		return this.registry.instance("pay", "pay-1").health();
	}

}
