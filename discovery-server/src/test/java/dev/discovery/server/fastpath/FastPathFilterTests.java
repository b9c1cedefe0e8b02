package dev.discovery.server.fastpath;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FastPathFilterTests {

	private static final String PATTERN = "/api/v1/things/{thing}";

	private final HandlerExceptionResolver resolver = (request, response, handler, ex) -> {
		response.setStatus(422);
		return new ModelAndView();
	};

	@Test
	void anAnsweredRequestShouldBeTaggedWithThePattern() throws Exception {
		MockHttpServletRequest request = observed("PUT", "/api/v1/things/a");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new Answering(this.resolver, "yes").doFilter(request, response, (req, res) -> {
			throw new AssertionError("Passed on to Spring MVC");
		});
		assertThat(response.getStatus()).isEqualTo(201);
		assertThat(response.getHeader("X-Discovery-Index")).isEqualTo("7");
		assertThat(response.getContentType()).isEqualTo("application/json");
		assertThat(response.getContentAsString()).isEqualTo("{\"thing\":\"a\"}");
		assertThat(pattern(request)).isEqualTo(PATTERN);
	}

	@Test
	void aDeclinedOrUnmatchedRequestShouldGoOnToSpringMvcUntagged() throws Exception {
		for (MockHttpServletRequest request : new MockHttpServletRequest[] { observed("PUT", "/api/v1/things/a/b"),
				observed("GET", "/api/v1/things/a"), observed("PUT", "/api/v1/things/%61"),
				observed("PUT", "/api/v1/things/a") }) {
			AtomicBoolean passed = new AtomicBoolean();
			new Answering(this.resolver, "no").doFilter(request, new MockHttpServletResponse(),
					(req, res) -> passed.set(true));
			assertThat(passed).as(request.getRequestURI()).isTrue();
			assertThat(pattern(request)).isNull();
		}
	}

	@Test
	void anErrorShouldGoToTheResolverTagged() throws Exception {
		MockHttpServletRequest request = observed("PUT", "/api/v1/things/a");
		MockHttpServletResponse response = new MockHttpServletResponse();
		new Answering(this.resolver, "throw").doFilter(request, response, (req, res) -> {
			throw new AssertionError("Passed on to Spring MVC");
		});
		assertThat(response.getStatus()).isEqualTo(422);
		assertThat(pattern(request)).isEqualTo(PATTERN);
	}

	@Test
	void withoutAResolverAnErrorShouldPropagateUntagged() {
		MockHttpServletRequest request = observed("PUT", "/api/v1/things/a");
		assertThatIllegalStateException().isThrownBy(() -> new Answering(null, "throw").doFilter(request,
				new MockHttpServletResponse(), (req, res) -> {
				}));
		assertThat(pattern(request)).isNull();
	}

	private static MockHttpServletRequest observed(String method, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE,
				new ServerRequestObservationContext(request, new MockHttpServletResponse()));
		return request;
	}

	private static @Nullable String pattern(HttpServletRequest request) {
		return ServerHttpObservationFilter.findObservationContext(request).orElseThrow().getPathPattern();
	}

	/** Answers, declines or throws, as told. */
	private static final class Answering extends FastPathFilter {

		private final String outcome;

		Answering(@Nullable HandlerExceptionResolver resolver, String outcome) {
			super("PUT", PATTERN, resolver);
			this.outcome = outcome;
		}

		@Override
		protected boolean answer(HttpServletRequest request, HttpServletResponse response, String[] variables)
				throws java.io.IOException {
			if (this.outcome.equals("throw")) {
				throw new IllegalStateException("broken");
			}
			if (this.outcome.equals("no")) {
				return false;
			}
			response.setStatus(201);
			writeJson(response, 7, "{\"thing\":\"" + variables[0] + "\"}");
			return true;
		}

	}

}
