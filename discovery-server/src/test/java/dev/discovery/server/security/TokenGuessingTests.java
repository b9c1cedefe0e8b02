package dev.discovery.server.security;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack: guessing tokens as fast as the registry answers (thousands a second, each answered 401 whatever the
 * guess). An address that presents more than a burst of unknown tokens is answered 429 without its tokens being
 * looked at, then may guess once a second; other addresses and a client that stops guessing are not affected.
 */
class TokenGuessingTests {

	private static final String SECRET = "s3cr3t-token-of-the-admin";

	private final AtomicLong millis = new AtomicLong(1_000_000);

	private final BearerTokenFilter filter = new BearerTokenFilter(new TokenAuthenticator(properties()),
			new ProblemWriter(JsonMapper.builder().build()), new FailedTokenThrottle(this.millis::get));

	@Test
	void anAddressGuessingTokensShouldBeSlowedToOneGuessASecond() throws Exception {
		for (int guess = 0; guess < FailedTokenThrottle.BURST; guess++) {
			assertThat(call("127.0.0.2", "guess-" + guess).getStatus()).isEqualTo(401);
		}
		MockHttpServletResponse throttled = call("127.0.0.2", "guess-x");
		assertThat(throttled.getStatus()).isEqualTo(429);
		assertThat(throttled.getHeader("Retry-After")).isEqualTo("1");
		assertThat(throttled.getContentType()).startsWith("application/problem+json");
		// Even the right token is not looked at: a 200 among the 429s would tell the guesser it was right.
		assertThat(call("127.0.0.2", SECRET).getStatus()).isEqualTo(429);
		assertThat(call("127.0.0.1", SECRET).getStatus()).isEqualTo(200);
		assertThat(call("127.0.0.1", "one-wrong").getStatus()).isEqualTo(401);

		this.millis.addAndGet(1000);
		assertThat(call("127.0.0.2", "guess-y").getStatus()).isEqualTo(401);
		assertThat(call("127.0.0.2", "guess-z").getStatus()).isEqualTo(429);

		this.millis.addAndGet(FailedTokenThrottle.BURST * 1000L);
		assertThat(call("127.0.0.2", SECRET).getStatus()).isEqualTo(200);
	}

	@Test
	void aThousandGuessesShouldCostAboutAThousandSeconds() throws Exception {
		int answered = 0;
		for (int second = 0; second < 100; second++) {
			for (int guess = 0; guess < 10; guess++) {
				if (call("127.0.0.2", "guess-" + second + "-" + guess).getStatus() == 401) {
					answered++;
				}
			}
			this.millis.addAndGet(1000);
		}
		assertThat(answered).isLessThanOrEqualTo(FailedTokenThrottle.BURST + 100);
	}

	private MockHttpServletResponse call(String address, String token) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/services");
		request.setRemoteAddr(address);
		request.addHeader("Authorization", "Bearer " + token);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	private static SecurityProperties properties() {
		SecurityProperties.Token admin = new SecurityProperties.Token();
		admin.setName("admin");
		admin.setValue(SECRET);
		admin.setRoles(Set.of(Role.ADMIN));
		SecurityProperties properties = new SecurityProperties();
		properties.setTokens(List.of(admin));
		return properties;
	}

}
