package dev.discovery.server.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one dispatcher thread feeds every watch stream and blocking query: a pass that throws, even an
 * {@link Error} such as an {@link OutOfMemoryError} while encoding a large snapshot, must not end it, or every watcher
 * would wait for ever while the registry went on accepting streams.
 */
@Import(WatchDispatcherFailureIntegrationTests.FailingClockConfiguration.class)
class WatchDispatcherFailureIntegrationTests extends WatchTestSupport {

	@Autowired
	FailingClock clock;

	@Test
	void anErrorInOneDispatchPassShouldNotEndTheFeed() throws Exception {
		SseRecorder watcher = SseRecorder.open(this.client, url("/api/v1/watch?services=*"));
		await().atMost(Duration.ofSeconds(20)).until(() -> watcher.events.size() == 1);
		this.clock.failNext = true;
		put("/api/v1/services/pay/instances/p-1");
		await("the injected error thrown").atMost(Duration.ofSeconds(20)).until(() -> !this.clock.failNext);
		put("/api/v1/services/pay/instances/p-2");
		await("both changes delivered after the error").atMost(Duration.ofSeconds(20))
			.until(() -> watcher.events.size() == 3);
		assertThat(watcher.names()).containsExactly("snapshot", "change", "change");
		watcher.cancel();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingClockConfiguration {

		@Bean
		@Primary
		FailingClock failingClock() {
			return new FailingClock();
		}

	}

	/** The system clock, but throws an {@link OutOfMemoryError} once on the dispatcher thread when asked to. */
	static final class FailingClock extends Clock {

		volatile boolean failNext;

		@Override
		public Instant instant() {
			if (this.failNext && Thread.currentThread().getName().equals("watch-dispatcher")) {
				this.failNext = false;
				throw new OutOfMemoryError("Java heap space (thrown by the test)");
			}
			return Instant.now();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
