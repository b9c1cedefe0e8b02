package dev.discovery.server.health;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
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
 * A bounded measurement, not a timed assertion: a thousand instances (by default) with a 10 s interval against real
 * local HTTP servers, driven round by round on a test clock. It asserts that every instance is checked once per
 * interval and that checks are spread over the interval, and prints how much real time and CPU one interval's checks
 * took. Run bigger with {@code -Dhealth.benchmark.instances=10000}.
 */
class HealthCheckerThroughputTests {

	private static final int INSTANCES = Integer.getInteger("health.benchmark.instances", 1000);

	private static final Duration INTERVAL = Duration.ofSeconds(10);

	private static final Duration TICK = Duration.ofMillis(250);

	private final MutableClock clock = new MutableClock();

	private final Registry registry = new MemoryStore(this.clock);

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> new Thread(task, "checker"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<StubInstance> stubs = new ArrayList<>();

	@AfterEach
	void tearDown() {
		this.stubs.forEach(StubInstance::close);
		this.executor.shutdownNow();
	}

	@Test
	void everyInstanceShouldBeCheckedOncePerIntervalWithChecksSpreadOverIt() {
		HealthChecker checker = new HealthChecker(this.registry, this.clock,
				Map.of(HealthCheckType.HTTP, new HttpHealthProbe(this.executor, LoopbackTargets.policy())),
				new ProtectionMode(this.registry, this.clock, ProtectionMode.Settings.defaults()),
				new HealthMetrics(this.meters, this.registry),
				new HealthChecker.Settings(new ThreadPoolTaskScheduler(), this.executor, TICK, 1000));
		checker.setRandom(new SplittableRandom(42));
		this.registry.addListener(checker);
		registerAll();
		// First checks come within a second of registration, the second ones at a random phase of the next
		// interval; from the third interval on, every interval holds exactly one check per instance.
		runFor(checker, INTERVAL.multipliedBy(2));
		double before = checks();
		long cpuBefore = cpuNanos();
		long checkerCpuBefore = checkerCpuNanos();
		long realBefore = System.nanoTime();
		int busiest = runFor(checker, INTERVAL);
		long realMillis = (System.nanoTime() - realBefore) / 1_000_000;
		long cpuMillis = (cpuNanos() - cpuBefore) / 1_000_000;
		long checkerCpuMillis = (checkerCpuNanos() - checkerCpuBefore) / 1_000_000;
		assertThat(checks() - before).isEqualTo(INSTANCES);
		assertThat(busiest).isLessThanOrEqualTo(3 * INSTANCES / (int) (INTERVAL.toMillis() / TICK.toMillis()));
		System.out.printf("Health checker: %d HTTP checks (one %ds interval) took %d ms real time, %d ms CPU in the"
				+ " checker (rounds, HTTP client, recording) and %d ms CPU in the whole JVM (with the local servers);"
				+ " %.0f checks/s round after round; busiest %dms round started %d%n", INSTANCES, INTERVAL.toSeconds(),
				realMillis, checkerCpuMillis, cpuMillis, INSTANCES * 1000.0 / Math.max(1, realMillis), TICK.toMillis(),
				busiest);
	}

	private void registerAll() {
		RegistrationValidator validator = new RegistrationValidator(new LeaseProperties(), new LimitsProperties(),
				HealthCheckDefaults.standard());
		for (int s = 0; s < 10; s++) {
			this.stubs.add(new StubInstance());
		}
		HealthCheckSpec check = new HealthCheckSpec(HealthCheckType.HTTP, null, "10s", "2s", null, null, null);
		for (int i = 0; i < INSTANCES; i++) {
			int port = this.stubs.get(i % this.stubs.size()).port();
			this.registry.register("svc" + (i % 50), "i" + i, validator.validate(new InstanceRegistration("127.0.0.1",
					port, false, Map.of(), List.of(), null, null, "1h", check, null)));
		}
	}

	/** Runs rounds tick by tick over the given stretch of test time; returns the most checks one round started. */
	private int runFor(HealthChecker checker, Duration stretch) {
		int busiest = 0;
		for (long t = 0; t < stretch.toMillis(); t += TICK.toMillis()) {
			double before = checks();
			checker.runDueChecks().join();
			busiest = Math.max(busiest, (int) (checks() - before));
			this.clock.advance(TICK);
		}
		return busiest;
	}

	private double checks() {
		return this.meters.get("discovery.health.checks").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	/** CPU time of the threads that do the checker's work: this one (rounds), the client's and the recorders. */
	private static long checkerCpuNanos() {
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && (info.getThreadName().startsWith("HttpClient") || info.getThreadName().equals("checker")
					|| info.getThreadId() == Thread.currentThread().getId())) {
				total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
			}
		}
		return total;
	}

	private static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
