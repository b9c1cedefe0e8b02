package dev.discovery.server.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack of issue 12: durations too large for the checker ({@code interval: PT9999999999999H}) answered 500 with
 * a stack trace. Every duration field, with the value and generated ones of every size and form, must answer
 * a 422 problem detail and change nothing, or be accepted within the documented bounds; never a 5xx.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.limits.write-rate=0", "discovery.server.health.enabled=false",
		"discovery.server.lease.eviction-interval=1h" })
class OversizedDurationsIntegrationTests {

	private static final List<String> FIELDS = List.of("leaseTtl", "interval", "timeout", "deregisterAfter");

	private static final List<String> TOO_LARGE = List.of("PT9999999999999H", "999999999h", "P106751991167D",
			"PT2562047788015215H", "PT9223372036854775807S", "P9999999999999999DT23H", "PT99999999999999999999H");

	@LocalServerPort
	int port;

	@Autowired
	Registry registry;

	@Test
	void durationsTooLargeForTheCheckerShouldBeRefusedWith422AndChangeNothing() throws Exception {
		for (String field : FIELDS) {
			for (String value : TOO_LARGE) {
				long index = this.registry.index();
				RawHttp.Answer answer = register("pay-1", field, value);
				assertThat(answer.status()).as("%s=%s: %s", field, value, answer.body()).isEqualTo(422);
				assertThat(answer.contentType()).startsWith("application/problem+json");
				assertThat(answer.body()).contains("\"detail\"").doesNotContain("Exception").doesNotContain("\tat ");
				assertThat(this.registry.index()).as("%s=%s changed the registry", field, value).isEqualTo(index);
			}
		}
	}

	@Test
	void generatedDurationsShouldBeRefusedOrAcceptedWithinBoundsNeverFail() throws Exception {
		Random random = new Random(20261201L);
		for (int i = 0; i < 400; i++) {
			String field = FIELDS.get(random.nextInt(FIELDS.size()));
			String value = generated(random);
			long index = this.registry.index();
			RawHttp.Answer answer = register("gen-" + i, field, value);
			assertThat(answer.status()).as("%s=%s: %s", field, value, answer.body()).isIn(201, 422);
			if (answer.status() == 422) {
				assertThat(answer.contentType()).startsWith("application/problem+json");
				assertThat(answer.body()).contains("\"detail\"").doesNotContain("Exception");
				assertThat(this.registry.index()).isEqualTo(index);
			}
			else {
				assertWithinBounds(this.registry.instance("pay", "gen-" + i));
			}
		}
	}

	private static void assertWithinBounds(RegisteredInstance instance) {
		HealthCheckSpec check = instance.spec().healthCheck();
		assertThat(instance.spec().leaseTtl()).isBetween(Duration.ofSeconds(5), Duration.ofMinutes(5));
		assertThat(Durations.parse(check.interval())).isBetween(Duration.ofSeconds(1), Duration.ofHours(1));
		assertThat(Durations.parse(check.timeout())).isBetween(Duration.ofMillis(100), Duration.ofHours(1));
		assertThat(Durations.parse(check.deregisterAfter())).isBetween(Duration.ofSeconds(1), Duration.ofDays(7));
	}

	/** A duration of any size in either wire form, from a few milliseconds to far beyond what a long can hold. */
	private static String generated(Random random) {
		StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
		int length = random.nextInt(22);
		for (int d = 0; d < length; d++) {
			digits.append(random.nextInt(10));
		}
		return switch (random.nextInt(6)) {
			case 0 -> digits.substring(0, Math.min(digits.length(), 9)) + List.of("ms", "s", "m", "h").get(random.nextInt(4));
			case 1 -> "PT" + digits + "H";
			case 2 -> "PT" + digits + "M";
			case 3 -> "PT" + digits + "." + random.nextInt(1000) + "S";
			case 4 -> "P" + digits + "D";
			default -> "P" + digits + "DT" + random.nextInt(24) + "H";
		};
	}

	private RawHttp.Answer register(String id, String field, String value) throws Exception {
		String check = "\"type\":\"HTTP\"";
		String body;
		if (field.equals("leaseTtl")) {
			body = "{\"host\":\"10.0.0.1\",\"port\":8080,\"leaseTtl\":\"" + value + "\",\"healthCheck\":{" + check + "}}";
		}
		else {
			body = "{\"host\":\"10.0.0.1\",\"port\":8080,\"healthCheck\":{" + check + ",\"" + field + "\":\"" + value
					+ "\"}}";
		}
		return RawHttp.send(this.port, "PUT", "/api/v1/services/pay/instances/" + id, "application/json",
				body.getBytes(StandardCharsets.UTF_8));
	}

}
