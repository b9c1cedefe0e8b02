package dev.discovery.server.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.filter.RequestContextFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

import dev.discovery.protocol.Headers;
import dev.discovery.server.fastpath.FastPathFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fast paths (read, registration, heartbeat) run after the security filters and the filters every request
 * needs, and before Spring's filters that only Spring MVC needs: what a caller sees (status, headers, problem
 * details, {@code http.server.requests}) is the same whichever of the two answers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false",
				"discovery.server.security.tokens[0].name=reader", "discovery.server.security.tokens[0].value=read-1",
				"discovery.server.security.tokens[0].roles=read", "discovery.server.security.tokens[1].name=payments",
				"discovery.server.security.tokens[1].value=pay-1", "discovery.server.security.tokens[1].roles=register",
				"discovery.server.security.tokens[1].services=payment-service" })
class FastPathFiltersIntegrationTests {

	private static final String SERVICE = "/api/v1/services/payment-service";

	/** The same service, spelt so that the fast paths leave it to Spring MVC. */
	private static final String MVC_SERVICE = "/api/v1/services/payment%2Dservice";

	private static final String READS = "/api/v1/services/{service}/instances";

	private static final String BODY = "{\"host\":\"10.0.1.5\",\"port\":8080,\"metadata\":{\"zone\":\"eu-1\"}}";

	/**
	 * What changes from one answer to the next whoever writes it, and the framing: Spring MVC streams a registration's
	 * answer in chunks, the fast path gives its length.
	 */
	private static final Set<String> VARYING = Set.of("date", "content-length", "transfer-encoding",
			"x-discovery-index", "etag", "location");

	@LocalServerPort
	int port;

	@Autowired
	ServletWebServerApplicationContext context;

	@Autowired
	MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theFastPathsShouldRunAfterSecurityAndBeforeWhatOnlySpringMvcNeeds() {
		List<Class<?>> order = apiFilters();
		assertThat(index(order, CharacterEncodingFilter.class)).as("%s", order).isZero();
		assertThat(index(order, ServerHttpObservationFilter.class)).as("%s", order).isOne();
		int security = index(order, DelegatingFilterProxy.class);
		assertThat(security).as("%s", order).isGreaterThan(index(order, BodySizeLimitFilter.class)).isPositive();
		List<Integer> fastPaths = new ArrayList<>();
		for (int i = 0; i < order.size(); i++) {
			if (FastPathFilter.class.isAssignableFrom(order.get(i))) {
				fastPaths.add(i);
			}
		}
		assertThat(fastPaths).as("%s", order).hasSizeGreaterThanOrEqualTo(3).allSatisfy((index) -> {
			assertThat(index).isGreaterThan(security)
				.isGreaterThan(index(order, NotAcceptableFilter.class))
				.isGreaterThan(index(order, ContentEncodingFilter.class))
				.isLessThan(index(order, FormContentFilter.class))
				.isLessThan(index(order, RequestContextFilter.class));
		});
	}

	/** Where the first filter of a type runs, -1 if none. */
	private static int index(List<Class<?>> order, Class<?> type) {
		for (int i = 0; i < order.size(); i++) {
			if (type.isAssignableFrom(order.get(i))) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void fastPathAnswersShouldCarryTheHeadersOfSpringMvcs() throws Exception {
		HttpResponse<String> fast = send("PUT", SERVICE + "/instances/p-1", "pay-1", BODY);
		HttpResponse<String> mvc = send("PUT", MVC_SERVICE + "/instances/p-2", "pay-1", BODY);
		assertThat(fast.statusCode()).isEqualTo(mvc.statusCode()).isEqualTo(201);
		assertThat(headers(fast.headers())).isEqualTo(headers(mvc.headers()))
			.containsKeys(Headers.EPOCH.toLowerCase(), "x-content-type-options", "x-frame-options");
		fast = send("PUT", SERVICE + "/instances/p-1/heartbeat", "pay-1", null);
		mvc = send("PUT", MVC_SERVICE + "/instances/p-2/heartbeat", "pay-1", null);
		assertThat(fast.statusCode()).isEqualTo(mvc.statusCode()).isEqualTo(200);
		assertThat(headers(fast.headers())).isEqualTo(headers(mvc.headers()));
		fast = send("GET", SERVICE + "/instances", "read-1", null);
		mvc = send("GET", MVC_SERVICE + "/instances", "read-1", null);
		assertThat(fast.statusCode()).isEqualTo(mvc.statusCode()).isEqualTo(200);
		assertThat(headers(fast.headers())).isEqualTo(headers(mvc.headers()));
		assertThat(fast.body()).isEqualTo(mvc.body()).contains("\"host\":\"10.0.1.5\"");
	}

	@Test
	void refusalsShouldBeTheSameProblemsOnBothPaths() throws Exception {
		String[][] refused = { { "PUT", "/instances/p-3", null, BODY, "401" },
				{ "PUT", "/instances/p-3", "read-1", BODY, "403" }, { "PUT", "/instances/p-3", "wrong", BODY, "401" },
				{ "PUT", "/instances/p-1/heartbeat", null, null, "401" }, { "GET", "/instances", null, null, "401" },
				{ "GET", "/instances", "pay-1", null, "403" } };
		for (String[] request : refused) {
			HttpResponse<String> fast = send(request[0], SERVICE + request[1], request[2], request[3]);
			HttpResponse<String> mvc = send(request[0], MVC_SERVICE + request[1], request[2], request[3]);
			String what = String.join(" ", request[0], request[1], String.valueOf(request[2]));
			assertThat(fast.statusCode()).as(what).isEqualTo(mvc.statusCode()).hasToString(request[4]);
			assertThat(headers(fast.headers())).as(what)
				.isEqualTo(headers(mvc.headers()))
				.containsEntry("content-type", List.of("application/problem+json"));
			assertThat(fast.body().replace("payment-service", "payment%2Dservice")).as(what).isEqualTo(mvc.body());
		}
	}

	@Test
	void everyFastPathRequestShouldBeCountedInTheServerRequestsMetric() throws Exception {
		send("PUT", SERVICE + "/instances/p-4", "pay-1", BODY);
		long before = reads("200");
		long refusedBefore = reads("401");
		for (int i = 0; i < 5; i++) {
			assertThat(send("GET", SERVICE + "/instances", "read-1", null).statusCode()).isEqualTo(200);
		}
		assertThat(send("GET", SERVICE + "/instances", null, null).statusCode()).isEqualTo(401);
		// Recorded as the answer completes, which may be just after the client has it: awaited, not assumed.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(reads("200")).isEqualTo(before + 5);
			assertThat(reads("401")).isEqualTo(refusedBefore + 1);
		});
	}

	private long reads(String status) {
		return this.meters.find("http.server.requests")
			.tags("method", "GET", "status", status)
			.timers()
			.stream()
			.filter((timer) -> status.equals("401") || READS.equals(timer.getId().getTag("uri")))
			.mapToLong(Timer::count)
			.sum();
	}

	/** The filters a request to the API passes, in the order Tomcat runs them. */
	private List<Class<?>> apiFilters() {
		Context tomcat = (Context) ((TomcatWebServer) this.context.getWebServer()).getTomcat()
			.getHost()
			.findChildren()[0];
		List<Class<?>> filters = new ArrayList<>();
		for (FilterMap map : tomcat.findFilterMaps()) {
			boolean api = List.of(map.getURLPatterns()).stream().anyMatch((p) -> p.equals("/*") || p.equals("/api/*"));
			Filter filter = tomcat.findFilterDef(map.getFilterName()).getFilter();
			if (api && !filters.contains(filter.getClass())) {
				filters.add(filter.getClass());
			}
		}
		return filters;
	}

	private static Map<String, List<String>> headers(HttpHeaders headers) {
		Map<String, List<String>> kept = new TreeMap<>(headers.map());
		kept.keySet().removeIf(VARYING::contains);
		return kept;
	}

	private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
