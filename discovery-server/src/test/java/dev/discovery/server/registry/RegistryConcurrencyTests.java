package dev.discovery.server.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients register, heartbeat and deregister at once; the final state and the index must be exactly what the
 * operations add up to, and listeners must hear every change once, in index order.
 */
class RegistryConcurrencyTests {

	private static final int THREADS = 16;

	private static final int INSTANCES_PER_THREAD = 200;

	private static final int SERVICES = 5;

	@Test
	void concurrentWritesShouldLeaveExactState() throws Exception {
		Registry registry = new Registry(new MutableClock());
		List<Long> heard = java.util.Collections.synchronizedList(new ArrayList<>());
		registry.addListener((change) -> heard.add(change.index()));
		AtomicLong heartbeats = new AtomicLong();
		registry.addListener(new RegistryListener() {
			@Override
			public void onChange(RegistryChange change) {
			}

			@Override
			public void onHeartbeat(RegisteredInstance instance) {
				heartbeats.incrementAndGet();
			}
		});
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			futures.add(executor.submit(client(registry, t, start)));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		executor.shutdown();

		int kept = THREADS * INSTANCES_PER_THREAD / 2;
		assertThat(registry.instanceCount()).isEqualTo(kept);
		assertThat(registry.allInstances()).hasSize(kept).allSatisfy((instance) -> {
			assertThat(Integer.parseInt(instance.id().substring(instance.id().lastIndexOf('-') + 1)) % 2).isZero();
			assertThat(instance.spec().port()).isEqualTo(9000);
		});
		int perService = registry.services().stream().mapToInt((s) -> s.instances()).sum();
		assertThat(perService).isEqualTo(kept);
		// register + re-register for each, deregister for half, status change for a quarter
		long changes = THREADS * INSTANCES_PER_THREAD * 2L + THREADS * INSTANCES_PER_THREAD / 2
				+ THREADS * INSTANCES_PER_THREAD / 4;
		assertThat(registry.services()).allSatisfy((summary) -> assertThat(summary.passing())
			.isEqualTo(registry.instances(summary.name(), true).size()));
		assertThat(registry.services().stream().mapToInt((s) -> s.passing()).sum()).isEqualTo(kept / 2);
		assertThat(registry.index()).isEqualTo(changes);
		assertThat(heard).hasSize((int) changes).isSorted();
		assertThat(heartbeats.get()).isEqualTo(THREADS * INSTANCES_PER_THREAD * 3L);
	}

	private Callable<Void> client(Registry registry, int thread, CountDownLatch start) {
		return () -> {
			start.await();
			for (int i = 0; i < INSTANCES_PER_THREAD; i++) {
				String service = "svc-" + (i % SERVICES);
				String id = "t" + thread + "-" + i;
				registry.register(service, id, Registrations.spec("10.0.0." + (thread + 1), 8000, Duration.ofSeconds(30)));
				registry.heartbeat(service, id);
				registry.register(service, id, Registrations.spec("10.0.0." + (thread + 1), 9000, Duration.ofSeconds(30)));
				registry.heartbeat(service, id);
				registry.heartbeat(service, id);
				if (i % 2 == 1) {
					registry.deregister(service, id);
				}
				else if (i % 4 == 0) {
					registry.setStatus(service, id, InstanceStatus.OUT_OF_SERVICE);
				}
			}
			return null;
		};
	}

}
