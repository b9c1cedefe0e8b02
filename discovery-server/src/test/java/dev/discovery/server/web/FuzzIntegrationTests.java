package dev.discovery.server.web;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.protocol.InstanceView;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated bad requests against a running registry: each answer must be a 4xx problem detail, and
 * the registry must hold exactly what it held before.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.limits.write-rate=0",
		// Leases must not expire while a loaded machine works through the requests: that would be a change.
		"discovery.server.lease.eviction-interval=1h" })
class FuzzIntegrationTests {

	private static final int REQUESTS = 3_000;

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Test
	void badRequestsShouldAnswerProblemsAndChangeNothing() throws Exception {
		// Long leases: on a loaded machine the run may outlast the default TTL, and an expiry is a change too.
		this.registry.register("pay", "p-1", Registrations.spec("10.0.0.1", 8080, Duration.ofMinutes(5)));
		this.registry.register("pay", "p-2", Registrations.spec("10.0.0.2", 8080, Duration.ofMinutes(5)));
		long index = this.registry.index();
		List<InstanceView> before = views();
		BadRequests generator = new BadRequests(20261125L);
		for (int i = 0; i < REQUESTS; i++) {
			BadRequests.BadRequest request = generator.next();
			RawHttp.Answer answer = RawHttp.send(this.port, request.method(), request.path(), request.contentType(),
					request.body());
			assertThat(answer.status()).as("status of %s", request).isBetween(400, 499);
			assertThat(answer.contentType()).as("content type of %s", request).startsWith("application/problem+json");
			assertThat(answer.body()).as("body of %s", request).contains("\"detail\"").doesNotContain("Exception");
		}
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(views()).isEqualTo(before);
	}

	private List<InstanceView> views() {
		return this.registry.allInstances().stream().map(RegisteredInstance::toView).sorted(
				java.util.Comparator.comparing(InstanceView::instanceId)).toList();
	}

}
