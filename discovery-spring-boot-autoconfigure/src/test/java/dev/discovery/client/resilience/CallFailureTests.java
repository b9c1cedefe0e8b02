package dev.discovery.client.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

class CallFailureTests {

	private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(500),
			Duration.ofSeconds(2));

	@Test
	void refusedConnectionShouldBeFoundUnderTheClientsWrapping() {
		assertThat(CallFailure.of(new ResourceAccessException("I/O error", new ConnectException("refused"))))
			.isEqualTo(CallFailure.REFUSED);
		assertThat(CallFailure.of(new WebClientRequestException(new ConnectException("refused"), HttpMethod.GET,
				java.net.URI.create("http://x"), new org.springframework.http.HttpHeaders())))
			.isEqualTo(CallFailure.REFUSED);
		assertThat(CallFailure.of(new HttpConnectTimeoutException("connect timed out"))).isEqualTo(CallFailure.REFUSED);
	}

	@Test
	void brokenConnectionShouldBeAReset() {
		assertThat(CallFailure.of(new ResourceAccessException("I/O error", new SocketException("Connection reset"))))
			.isEqualTo(CallFailure.RESET);
		assertThat(CallFailure.of(new IOException("premature EOF"))).isEqualTo(CallFailure.RESET);
	}

	@Test
	void applicationErrorsShouldBeNoCallFailure() {
		assertThat(CallFailure.of(new IllegalStateException("bug"))).isNull();
		assertThat(CallFailure.of(500)).isNull();
		assertThat(CallFailure.of(404)).isNull();
		assertThat(CallFailure.of(503)).isEqualTo(CallFailure.UNAVAILABLE);
	}

	@Test
	void onlyWhatWasNeverSentShouldBeRetriedForAnyMethod() {
		assertThat(CallFailure.REFUSED.retryable(HttpMethod.POST)).isTrue();
		assertThat(CallFailure.RESET.retryable(HttpMethod.POST)).isFalse();
		assertThat(CallFailure.UNAVAILABLE.retryable(HttpMethod.PATCH)).isFalse();
		assertThat(CallFailure.RESET.retryable(HttpMethod.PUT)).isTrue();
		assertThat(CallFailure.BAD_GATEWAY.retryable(HttpMethod.DELETE)).isTrue();
	}

	@Test
	void retriesShouldBeBoundedAndBackOff() {
		assertThat(this.policy.delay(1, HttpMethod.GET, CallFailure.RESET, null)).isBetween(Duration.ofMillis(10),
				Duration.ofMillis(20));
		assertThat(this.policy.delay(2, HttpMethod.GET, CallFailure.RESET, null)).isBetween(Duration.ofMillis(20),
				Duration.ofMillis(40));
		assertThat(this.policy.delay(3, HttpMethod.GET, CallFailure.RESET, null)).isNull();
		assertThat(this.policy.delay(1, HttpMethod.POST, CallFailure.RESET, null)).isNull();
	}

	@Test
	void retryAfterShouldBeWaitedForWithinTheMaximum() {
		assertThat(this.policy.delay(1, HttpMethod.GET, CallFailure.UNAVAILABLE, Duration.ofSeconds(1)))
			.isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.delay(1, HttpMethod.GET, CallFailure.UNAVAILABLE, Duration.ofSeconds(3))).isNull();
	}

	@Test
	void retryAfterShouldBeReadAsSecondsOrDate() {
		org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
		headers.set("Retry-After", "7");
		assertThat(RetryAfter.of(headers)).isEqualTo(Duration.ofSeconds(7));
		headers.set("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
		assertThat(RetryAfter.of(headers)).isEqualTo(Duration.ZERO);
		headers.set("Retry-After", "soon");
		assertThat(RetryAfter.of(headers)).isNull();
	}

}
