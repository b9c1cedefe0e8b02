package dev.discovery.client.serviceregistry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

	@Test
	void delayShouldDoubleFromTheInitialDelay() {
		assertThat(this.backoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.delay(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.backoff.delay(4)).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void delayShouldStopAtTheMaximum() {
		assertThat(this.backoff.delay(5)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.backoff.delay(1000)).isEqualTo(Duration.ofSeconds(10));
	}

}
