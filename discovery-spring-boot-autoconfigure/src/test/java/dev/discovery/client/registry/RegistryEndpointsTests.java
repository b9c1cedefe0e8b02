package dev.discovery.client.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.discovery.client.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryEndpointsTests {

	private static final URI FIRST = URI.create("http://first:8761");

	private static final URI SECOND = URI.create("http://second:8761");

	private static final URI THIRD = URI.create("http://third:8761");

	private final MutableClock clock = new MutableClock();

	private final RegistryEndpoints endpoints = new RegistryEndpoints(List.of(FIRST, SECOND, THIRD),
			Duration.ofSeconds(30), this.clock);

	@Test
	void attemptOrderShouldStartWithTheFirstUrl() {
		assertThat(this.endpoints.attemptOrder()).containsExactly(FIRST, SECOND, THIRD);
	}

	@Test
	void attemptOrderShouldStartWhereTheLastAnswerCameFrom() {
		this.endpoints.answered(SECOND);
		assertThat(this.endpoints.attemptOrder()).containsExactly(SECOND, THIRD, FIRST);
		assertThat(this.endpoints.current()).isEqualTo(SECOND);
	}

	@Test
	void attemptOrderShouldReturnToTheFirstUrlAfterFailbackInterval() {
		this.endpoints.attemptOrder();
		this.endpoints.answered(THIRD);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.endpoints.attemptOrder()).startsWith(THIRD);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.endpoints.attemptOrder()).containsExactly(FIRST, SECOND, THIRD);
	}

	@Test
	void firstUrlAnsweringAgainShouldMakeItCurrent() {
		this.endpoints.answered(SECOND);
		this.clock.advance(Duration.ofSeconds(30));
		this.endpoints.attemptOrder();
		this.endpoints.answered(FIRST);
		assertThat(this.endpoints.attemptOrder()).startsWith(FIRST);
	}

	@Test
	void stillDownFirstUrlShouldBeRetriedOnlyAfterAnotherInterval() {
		this.endpoints.answered(SECOND);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.endpoints.attemptOrder()).startsWith(FIRST);
		this.endpoints.answered(SECOND);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.endpoints.attemptOrder()).startsWith(SECOND);
	}

}
