package dev.discovery.server.reads;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;

import dev.discovery.server.MutableClock;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class ReadFilterTests {

	private final MemoryStore registry = new MemoryStore(new MutableClock());

	private final AtomicBoolean resolved = new AtomicBoolean();

	private final ReadFilter filter = new ReadFilter(
			new InstanceLists(this.registry, RegistryEpoch.random(Duration.ofSeconds(15))),
			(request, response, handler, ex) -> {
				this.resolved.set(true);
				response.setStatus(400);
				return new ModelAndView();
			});

	ReadFilterTests() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
	}

	@Test
	void aPlainReadShouldBeAnsweredWithoutSpringMvc() throws Exception {
		for (String query : new String[] { null, "passing=false", "view=full", "view=compact&passing=true" }) {
			MockHttpServletResponse response = filter("GET", "/api/v1/services/pay/instances", query);
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getContentAsString()).contains("\"instanceId\":\"pay-1\"");
		}
	}

	@Test
	void theCompactViewShouldLeaveOutDefaultsUnlessTheRegistryIsToldToWriteThem() {
		RegistryEpoch epoch = RegistryEpoch.random(Duration.ofSeconds(15));
		String lean = new String(new InstanceLists(this.registry, epoch).answer("pay", true, false).body(),
				StandardCharsets.UTF_8);
		String written = new String(new InstanceLists(this.registry, epoch, false).answer("pay", true, false).body(),
				StandardCharsets.UTF_8);
		// The registry copies the weight into the metadata as text: "weight":"1" stays.
		assertThat(lean).doesNotContain("\"service\"", "\"secure\"", "\"weight\":1", "\"status\"", "\"health\"");
		assertThat(written).contains("\"service\":\"pay\"", "\"secure\":false", "\"weight\":1", "\"status\":\"UP\"",
				"\"health\":\"PASSING\"");
		ReadsProperties properties = new ReadsProperties();
		assertThat(properties.isOmitDefaults()).isTrue();
	}

	@Test
	void anInvalidNameShouldGoToTheErrorResolver() throws Exception {
		MockHttpServletResponse response = filter("GET", "/api/v1/services/Bad_Name/instances", null);
		assertThat(this.resolved).isTrue();
		assertThat(response.getStatus()).isEqualTo(400);
	}

	@Test
	void whatTheFastPathDoesNotServeShouldGoOnToSpringMvc() throws Exception {
		assertThat(passedOn("GET", "/api/v1/services/pay/instances", "index=3&wait=1s")).isTrue();
		assertThat(passedOn("GET", "/api/v1/services/pay/instances", "wait=1s")).isTrue();
		assertThat(passedOn("GET", "/api/v1/services/pay/instances", "view=fancy")).isTrue();
		assertThat(passedOn("GET", "/api/v1/services/pay/instances", "passing=yes")).isTrue();
		assertThat(passedOn("GET", "/api/v1/services/pay/instances", "passing=true&passing=false")).isTrue();
		assertThat(passedOn("GET", "/api/v1/services/pay/instances", "")).isFalse();
		assertThat(passedOn("GET", "/api/v1/services/p%61y/instances", null)).isTrue();
		assertThat(passedOn("GET", "/api/v1/services/pay/instances/pay-1", null)).isTrue();
		assertThat(passedOn("GET", "/api/v1/services/a/b/instances", null)).isTrue();
		assertThat(passedOn("GET", "/api/v1/services//instances", null)).isTrue();
		assertThat(passedOn("HEAD", "/api/v1/services/pay/instances", null)).isTrue();
		assertThat(passedOn("PUT", "/api/v1/services/pay/instances", null)).isTrue();
	}

	private boolean passedOn(String method, String uri, String query) throws Exception {
		AtomicBoolean passed = new AtomicBoolean();
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setQueryString(query);
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(true));
		return passed.get();
	}

	private MockHttpServletResponse filter(String method, String uri, String query) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setQueryString(query);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
			throw new AssertionError("Passed on to Spring MVC: " + uri + "?" + query);
		});
		return response;
	}

}
