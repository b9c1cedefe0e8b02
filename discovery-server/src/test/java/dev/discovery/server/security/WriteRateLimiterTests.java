package dev.discovery.server.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.discovery.server.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class WriteRateLimiterTests {

	private final MutableClock clock = new MutableClock();

	@Test
	void burstShouldPassThenRateApply() {
		WriteRateLimiter limiter = new WriteRateLimiter(this.clock, 2, 3);
		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("a")).isEqualTo(1);
		assertThat(limiter.acquire("b")).as("other clients have their own bucket").isZero();
		this.clock.advance(Duration.ofMillis(500));
		assertThat(limiter.acquire("a")).isZero();
		assertThat(limiter.acquire("a")).isPositive();
	}

	@Test
	void zeroRateShouldTurnLimitingOff() {
		assertThat(new WriteRateLimiter(this.clock, 0, 10).enabled()).isFalse();
	}

	@Test
	void principalShouldMatchServicePatterns() {
		TokenPrincipal principal = TokenPrincipal.of("p", java.util.Set.of(Role.REGISTER),
				java.util.List.of("payment-*", "orders"));
		assertThat(principal.mayActOn("payment-service")).isTrue();
		assertThat(principal.mayActOn("Payment-EU")).isTrue();
		assertThat(principal.mayActOn("orders")).isTrue();
		assertThat(principal.mayActOn("orders-2")).isFalse();
		assertThat(principal.mayActOn("x-payment-service")).isFalse();
		assertThat(TokenPrincipal.of("r", java.util.Set.of(Role.READ), java.util.List.of("*")).mayActOn("a")).isFalse();
	}

}
