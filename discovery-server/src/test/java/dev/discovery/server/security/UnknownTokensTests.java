package dev.discovery.server.security;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unknown tokens are answered 401, counted and logged, and never lock an address out: clients behind one proxy share
 * an address, and one of them with a stale token (or an attacker on the same network sending junk) must not stop the
 * others' registrations and heartbeats.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownTokensTests {

	private static final String SECRET = "9f2c5e7a1b3d4f60a8c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9";

	private final AtomicLong millis = new AtomicLong(1_000_000);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final UnknownTokens unknown = new UnknownTokens(this.meters, this.millis::get);

	private final BearerTokenFilter filter = new BearerTokenFilter(new TokenAuthenticator(properties(SECRET)),
			new ProblemWriter(JsonMapper.builder().build()), this.unknown);

	@Test
	void aClientWithAWrongTokenShouldNotLockOutTheRightOneFromTheSameAddress() throws Exception {
		for (int attempt = 0; attempt < 1_000; attempt++) {
			MockHttpServletResponse refused = call("10.0.0.7", "stale-token-" + attempt);
			assertThat(refused.getStatus()).isEqualTo(401);
			assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		}
		assertThat(call("10.0.0.7", SECRET).getStatus()).isEqualTo(200);
		assertThat(this.meters.counter("discovery.security.unknown-tokens").count()).isEqualTo(1_000);
	}

	@Test
	void anAddressShouldBeNamedInTheLogAtMostOnceAMinuteWithItsCount(CapturedOutput output) {
		assertThat(this.unknown.presented("10.0.0.7")).isTrue();
		assertThat(output).contains("10.0.0.7 presented 1 token the registry does not accept");
		for (int attempt = 0; attempt < 41; attempt++) {
			assertThat(this.unknown.presented("10.0.0.7")).isFalse();
		}
		assertThat(this.unknown.presented("10.0.0.8")).isTrue();
		this.millis.addAndGet(UnknownTokens.LOG_INTERVAL_MILLIS);
		assertThat(this.unknown.presented("10.0.0.7")).isTrue();
		assertThat(output).contains("10.0.0.7 presented 42 tokens the registry does not accept");
		assertThat(this.unknown.presented("10.0.0.7")).isFalse();
	}

	@Test
	void manyAddressesShouldBeForgottenOnceQuiet() {
		for (int address = 0; address < 12_000; address++) {
			this.unknown.presented("10.1." + (address / 250) + "." + (address % 250));
			if (address == 9_999) {
				this.millis.addAndGet(UnknownTokens.LOG_INTERVAL_MILLIS);
			}
		}
		assertThat(this.meters.counter("discovery.security.unknown-tokens").count()).isEqualTo(12_000);
		assertThat(this.unknown.tracked()).isEqualTo(2_000);
		// An address named more than a minute ago is named again: its tally was forgotten or is due.
		assertThat(this.unknown.presented("10.1.0.0")).isTrue();
	}

	@Test
	void addressesWithinOneMinuteShouldNotGrowTheTallyWithoutEnd() {
		for (int address = 0; address < 12_000; address++) {
			this.unknown.presented("2001:db8::" + Integer.toHexString(address));
		}
		assertThat(this.unknown.tracked()).isEqualTo(10_000);
		assertThat(this.meters.counter("discovery.security.unknown-tokens").count()).isEqualTo(12_000);
		this.millis.addAndGet(UnknownTokens.LOG_INTERVAL_MILLIS);
		assertThat(this.unknown.presented("2001:db8::ffff")).isTrue();
		assertThat(this.unknown.tracked()).isEqualTo(1);
	}

	@Test
	void aShortTokenShouldBeNamedAtStart(CapturedOutput output) {
		assertThat(SecurityConfiguration.warnAboutShortTokens(properties("admin-secret"))).isEqualTo(1);
		assertThat(output).contains("discovery.server.security.tokens[0] (admin) is only 12 characters long");
		assertThat(SecurityConfiguration.warnAboutShortTokens(properties(SECRET))).isZero();
	}

	private MockHttpServletResponse call(String address, String token) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/services");
		request.setRemoteAddr(address);
		request.addHeader("Authorization", "Bearer " + token);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	private static SecurityProperties properties(String value) {
		SecurityProperties.Token admin = new SecurityProperties.Token();
		admin.setName("admin");
		admin.setValue(value);
		admin.setRoles(Set.of(Role.ADMIN));
		SecurityProperties properties = new SecurityProperties();
		properties.setTokens(List.of(admin));
		return properties;
	}

}
