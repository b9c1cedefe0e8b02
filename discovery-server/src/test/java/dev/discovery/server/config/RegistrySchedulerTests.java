package dev.discovery.server.config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.awaitility.Awaitility.await;

/**
 * Lease expiry and the health checks repeat on the registry's scheduler and catch what they expect to fail. Whatever
 * else a run throws, an Error included, must not end the schedule: on a plain {@code ScheduledExecutorService} it
 * would, silently, and instances would stop expiring or being checked.
 */
class RegistrySchedulerTests {

	@Test
	void aRepeatingTaskShouldRunAgainAfterARunThrewAnError() {
		ThreadPoolTaskScheduler scheduler = new ServerConfiguration().registryScheduler();
		AtomicInteger runs = new AtomicInteger();
		try {
			scheduler.scheduleWithFixedDelay(() -> {
				if (runs.incrementAndGet() == 1) {
					throw new OutOfMemoryError("Java heap space (injected)");
				}
			}, Duration.ofMillis(10));
			await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
		}
		finally {
			scheduler.shutdown();
		}
	}

}
