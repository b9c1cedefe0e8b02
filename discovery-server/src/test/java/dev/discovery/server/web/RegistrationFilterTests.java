package dev.discovery.server.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;

import dev.discovery.server.MutableClock;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.health.AddressVerifier;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationFilterTests {

	private static final String BODY = "{\"host\":\"10.0.0.1\",\"port\":8080}";

	private final MemoryStore registry = new MemoryStore(new MutableClock());

	private final RegistrationFilter filter = new RegistrationFilter(this.registry,
			new RegistrationValidator(new LeaseProperties(), new LimitsProperties(), HealthCheckDefaults.standard()),
			new DefaultListableBeanFactory().getBeanProvider(AddressVerifier.class), JsonMapper.builder().build(),
			(request, response, handler, ex) -> {
				response.setStatus(422);
				return new ModelAndView();
			});

	@Test
	void aRegistrationShouldBeAnsweredWithoutSpringMvc() throws Exception {
		MockHttpServletRequest request = put("/api/v1/services/pay/instances/pay-1", "application/json", BODY);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
			throw new AssertionError("Passed on to Spring MVC");
		});
		assertThat(response.getStatus()).isEqualTo(201);
		assertThat(response.getHeader("Location")).isEqualTo("/api/v1/services/pay/instances/pay-1");
		assertThat(response.getContentAsString()).startsWith("{\"service\":\"pay\",\"instanceId\":\"pay-1\"");
		assertThat(this.registry.instanceCount()).isEqualTo(1);
	}

	@Test
	void anInvalidRegistrationShouldGoToTheErrorResolverAndChangeNothing() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(put("/api/v1/services/pay/instances/pay-1", "application/json", "{\"port\":0}"),
				response, (req, res) -> {
					throw new AssertionError("Passed on to Spring MVC");
				});
		assertThat(response.getStatus()).isEqualTo(422);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void whatTheFastPathDoesNotServeShouldGoOnToSpringMvc() throws Exception {
		assertThat(passedOn(put("/api/v1/services/pay/instances/pay-1", "text/plain", BODY))).isTrue();
		assertThat(passedOn(put("/api/v1/services/pay/instances/pay-1", "application/json;charset=UTF-16", BODY)))
			.isTrue();
		assertThat(passedOn(put("/api/v1/services/p%61y/instances/pay-1", "application/json", BODY))).isTrue();
		assertThat(passedOn(put("/api/v1/services/pay/instances/pay-1/heartbeat", "application/json", BODY)))
			.isTrue();
		assertThat(passedOn(put("/api/v1/services/pay/instances/pay-1/status", "application/json", BODY))).isTrue();
		assertThat(passedOn(put("/api/v1/services/pay/instances/", "application/json", BODY))).isTrue();
		MockHttpServletRequest query = put("/api/v1/services/pay/instances/pay-1", "application/json", BODY);
		query.setQueryString("x=1");
		assertThat(passedOn(query)).isTrue();
		MockHttpServletRequest post = put("/api/v1/services/pay/instances/pay-1", "application/json", BODY);
		post.setMethod("POST");
		assertThat(passedOn(post)).isTrue();
		assertThat(this.registry.instanceCount()).isZero();
	}

	private boolean passedOn(MockHttpServletRequest request) throws Exception {
		AtomicBoolean passed = new AtomicBoolean();
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(true));
		return passed.get();
	}

	private static MockHttpServletRequest put(String uri, String contentType, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", uri);
		request.setContentType(contentType);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

}
