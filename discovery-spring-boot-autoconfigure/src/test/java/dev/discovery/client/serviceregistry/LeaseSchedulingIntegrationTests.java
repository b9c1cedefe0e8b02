package dev.discovery.client.serviceregistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.discovery.client.test.StubRegistry;
import dev.discovery.client.test.TestApps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Heartbeats run on the starter's own thread and by duration: nothing the application schedules or any clock it
 * declares can delay or stop them.
 */
class LeaseSchedulingIntegrationTests {

	private final StubRegistry stub = StubRegistry.start();

	private final List<Long> heartbeats = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.stub.close();
	}

	private ConfigurableApplicationContext start(Class<?>... sources) {
		this.stub.onRequest((request) -> {
			if (request.endsWith("/heartbeat")) {
				this.heartbeats.add(System.nanoTime());
			}
		});
		return TestApps.start(WebApplicationType.SERVLET, sources, "--spring.application.name=payment-service",
				"--discovery.registry.url=" + this.stub.url(), "--discovery.heartbeat.interval=100ms");
	}

	@Test
	void slowScheduledJobShouldNotDelayHeartbeats() {
		try (ConfigurableApplicationContext context = start(SlowJob.class)) {
			assertThat(context.getBeansOfType(TaskScheduler.class)).doesNotContainKey("discoveryTaskScheduler");
			SlowJob job = context.getBean(SlowJob.class);
			await().until(() -> job.started.get() > 0);
			long started = job.started.get();
			// The job holds its thread for 1.5 s; heartbeats every 100 ms go on meanwhile.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.heartbeats.stream().filter((at) -> at > started && at < started + 1_400_000_000L)
					.count() >= 4);
		}
	}

	@Test
	void applicationClockFixedInTheFutureShouldNotStopHeartbeats() {
		try (ConfigurableApplicationContext context = start(FutureClock.class)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.heartbeats.size() >= 3);
		}
	}

	@Test
	void applicationClockFixedInThePastShouldNotMakeHeartbeatsLoop() {
		try (ConfigurableApplicationContext context = start(PastClock.class)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.heartbeats.size() >= 2);
			long first = this.heartbeats.get(0);
			await().pollDelay(Duration.ofMillis(500)).until(() -> true);
			long inFirstHalfSecond = this.heartbeats.stream().filter((at) -> at < first + 500_000_000L).count();
			// 100 ms apart: about 5, never hundreds.
			assertThat(inFirstHalfSecond).isLessThan(20);
		}
	}

	@Test
	void twoApplicationClocksShouldNotStopStartup() {
		try (ConfigurableApplicationContext context = start(FutureClock.class, PastClock.class)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.heartbeats.size() >= 3);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SlowJob {

		final AtomicLong started = new AtomicLong();

		@Scheduled(fixedDelay = 60_000)
		void report() throws InterruptedException {
			this.started.compareAndSet(0, System.nanoTime());
			Thread.sleep(1500);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FutureClock {

		@Bean
		Clock futureClock() {
			return Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PastClock {

		@Bean
		Clock pastClock() {
			return Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneOffset.UTC);
		}

	}

}
