package dev.discovery.server.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

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

/**
 * A node of a cluster checks only the instances assigned to it, and takes up a departed node's instances as soon as
 * the assignment moves.
 */
class CheckAssignmentTests {

	private static final RegistrationValidator VALIDATOR = new RegistrationValidator(new LeaseProperties(),
			new LimitsProperties(), HealthCheckDefaults.standard());

	private final MutableClock clock = new MutableClock();

	private final Registry registry = new MemoryStore(this.clock);

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final StubInstance stub = new StubInstance();

	private final Set<String> mine = ConcurrentHashMap.newKeySet();

	private final AtomicLong generation = new AtomicLong();

	private HealthChecker checker;

	@BeforeEach
	void setUp() {
		ProtectionMode protection = new ProtectionMode(this.registry, this.clock, ProtectionMode.Settings.defaults());
		CheckAssignment assignment = new CheckAssignment() {

			@Override
			public boolean assigned(String service, String instanceId) {
				return CheckAssignmentTests.this.mine.contains(instanceId);
			}

			@Override
			public long generation() {
				return CheckAssignmentTests.this.generation.get();
			}

		};
		this.checker = new HealthChecker(this.registry, this.clock,
				Map.of(HealthCheckType.HTTP, new HttpHealthProbe(this.executor, LoopbackTargets.policy())), protection,
				new HealthMetrics(new SimpleMeterRegistry(), this.registry),
				new HealthChecker.Settings(new ThreadPoolTaskScheduler(), this.executor, Duration.ofMillis(250), 100),
				assignment);
		this.checker.setRandom(() -> 0L);
		this.registry.addListener(this.checker);
		this.mine.add("pay-1");
		this.stub.answer(503);
		register("pay-1");
		register("pay-2");
	}

	@AfterEach
	void tearDown() {
		this.stub.close();
		this.executor.shutdownNow();
	}

	@Test
	void nodeShouldCheckOnlyTheInstancesAssignedToIt() {
		round();
		assertThat(this.checker.checkedInstances()).isOne();
		assertThat(health("pay-1")).isEqualTo(HealthState.CRITICAL);
		assertThat(health("pay-2")).isEqualTo(HealthState.PASSING);
		assertThat(this.registry.instance("pay", "pay-2").lastCheckAt()).isNull();
	}

	@Test
	void nodeShouldTakeUpInstancesAssignedToItAtTheNextRound() {
		round();
		this.mine.add("pay-2");
		this.generation.incrementAndGet();
		this.clock.advance(Duration.ofSeconds(1));
		round();
		assertThat(this.checker.checkedInstances()).isEqualTo(2);
		assertThat(health("pay-2")).isEqualTo(HealthState.CRITICAL);
	}

	@Test
	void nodeShouldDropInstancesNoLongerAssignedToIt() {
		round();
		this.mine.remove("pay-1");
		this.generation.incrementAndGet();
		this.stub.answer(200);
		this.clock.advance(Duration.ofSeconds(5));
		round();
		assertThat(this.checker.checkedInstances()).isZero();
		assertThat(health("pay-1")).as("left to its new owner").isEqualTo(HealthState.CRITICAL);
	}

	private void register(String id) {
		this.registry.register("pay", id, VALIDATOR.validate(new InstanceRegistration("127.0.0.1", this.stub.port(),
				false, Map.of(), List.of(), null, null, "1h",
				new HealthCheckSpec(HealthCheckType.HTTP, null, "5s", "1s", 1, 1, null), null)));
	}

	private void round() {
		this.checker.runDueChecks().join();
	}

	private HealthState health(String id) {
		return this.registry.instance("pay", id).health();
	}

}
