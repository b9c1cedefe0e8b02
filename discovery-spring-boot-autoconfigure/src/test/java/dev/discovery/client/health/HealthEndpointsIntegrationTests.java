package dev.discovery.client.health;

import java.net.http.HttpResponse;

import dev.discovery.client.test.TestApps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class HealthEndpointsIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ConfigurableApplicationContext start(WebApplicationType type, String... args) {
		// The client is on (the routes follow it) but talks to no registry.
		String[] all = new String[args.length + 3];
		all[0] = "--spring.cloud.service-registry.auto-registration.enabled=false";
		all[1] = "--management.endpoint.health.show-components=always";
		all[2] = "--management.health.discovery-registry.enabled=false";
		System.arraycopy(args, 0, all, 3, args.length);
		return TestApps.start(type, all);
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void probesShouldAnswerLikeActuatorGroups(WebApplicationType type) {
		try (ConfigurableApplicationContext context = start(type)) {
			assertSame(context, "/health/ready", "/actuator/health/readiness", 200);
			assertSame(context, "/health/live", "/actuator/health/liveness", 200);
			assertThat(TestApps.get(context, "/health").statusCode()).isEqualTo(200);
			assertThat(json.readTree(TestApps.get(context, "/health").body()).get("status").asString())
				.isEqualTo("UP");
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void refusingTrafficShouldFailReadinessOnly(WebApplicationType type) {
		try (ConfigurableApplicationContext context = start(type)) {
			AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
			assertSame(context, "/health/ready", "/actuator/health/readiness", 503);
			assertSame(context, "/health/live", "/actuator/health/liveness", 200);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void brokenLivenessShouldFailLiveness(WebApplicationType type) {
		try (ConfigurableApplicationContext context = start(type)) {
			AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
			assertSame(context, "/health/live", "/actuator/health/liveness", 503);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void switchedOffEndpointShouldNotBeServed(WebApplicationType type) {
		try (ConfigurableApplicationContext context = start(type, "--discovery.health-endpoints.live=false")) {
			assertThat(TestApps.get(context, "/health/live").statusCode()).isEqualTo(404);
			assertThat(TestApps.get(context, "/health/ready").statusCode()).isEqualTo(200);
			assertThat(TestApps.get(context, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		}
	}

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void allSwitchedOffShouldLeaveActuatorAlone(WebApplicationType type) {
		try (ConfigurableApplicationContext context = start(type, "--discovery.health-endpoints.enabled=false")) {
			assertThat(TestApps.get(context, "/health/ready").statusCode()).isEqualTo(404);
			assertThat(TestApps.get(context, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		}
	}

	private static void assertSame(ConfigurableApplicationContext context, String path, String actuatorPath,
			int status) {
		HttpResponse<String> ours = TestApps.get(context, path);
		HttpResponse<String> actuator = TestApps.get(context, actuatorPath);
		assertThat(ours.statusCode()).isEqualTo(status).isEqualTo(actuator.statusCode());
		assertThat(json.readTree(ours.body())).isEqualTo(json.readTree(actuator.body()));
	}

}
