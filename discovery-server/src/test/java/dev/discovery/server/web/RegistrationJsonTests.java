package dev.discovery.server.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written registration reader reads what Jackson reads, and declines everything else.
 */
class RegistrationJsonTests {

	private final JsonMapper jackson = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	@ParameterizedTest
	@ValueSource(strings = { "{\"host\":\"10.0.0.1\",\"port\":8080}", "{}",
			" { \"host\" : \"10.0.0.1\" ,\n\t\"port\" : 8080 , \"secure\" : true } \r\n",
			"{\"host\":\"10.0.1.7\",\"port\":8080,\"metadata\":{\"version\":\"1.4.2\",\"zone\":\"zone-1\"},"
					+ "\"leaseTtl\":\"5m\",\"healthCheck\":{\"type\":\"TTL\"}}",
			"{\"host\":\"pay.internal\",\"port\":443,\"secure\":false,\"metadata\":{},\"tags\":[\"blue\",\"canary\"],"
					+ "\"zone\":\"eu-1\",\"weight\":3,\"leaseTtl\":\"30s\",\"healthCheck\":{\"type\":\"HTTP\","
					+ "\"path\":\"/health/ready\",\"interval\":\"5s\",\"timeout\":\"2s\",\"failureThreshold\":2,"
					+ "\"successThreshold\":1,\"deregisterAfter\":\"1m\"},\"status\":\"OUT_OF_SERVICE\"}",
			"{\"host\":null,\"port\":null,\"secure\":null,\"metadata\":null,\"tags\":null,\"zone\":null,"
					+ "\"weight\":null,\"leaseTtl\":null,\"healthCheck\":null,\"status\":null}",
			"{\"port\":-0,\"weight\":-12,\"tags\":[],\"healthCheck\":{}}",
			"{\"metadata\":{\"a\":\"1\",\"b\":\"\",\"c\":\"x y/z:{}[],\"}}" })
	void plainBodiesShouldReadAsJacksonReadsThem(String body) {
		InstanceRegistration read = RegistrationJson.read(bytes(body));
		assertThat(read).isNotNull().isEqualTo(this.jackson.readValue(body, InstanceRegistration.class));
	}

	@Test
	void whatJacksonWritesForARegistrationShouldBeReadByHand() {
		InstanceRegistration sent = new InstanceRegistration("10.0.0.9", 9090, true, Map.of("version", "2.0"),
				List.of("blue"), "eu-2", 5, "20s", new HealthCheckSpec(HealthCheckType.HTTP, "/health", "10s", "1s", 3,
						2, "2m"), InstanceStatus.STARTING);
		String body = this.jackson.writeValueAsString(sent);
		assertThat(RegistrationJson.read(bytes(body))).isEqualTo(sent);
		assertThat(RegistrationJson.read(bytes(this.jackson.writeValueAsString(InstanceRegistration.of("h", 1)))))
			.isEqualTo(InstanceRegistration.of("h", 1));
	}

	@Test
	void metadataShouldKeepItsOrder() {
		InstanceRegistration read = RegistrationJson.read(bytes("{\"metadata\":{\"z\":\"1\",\"a\":\"2\",\"m\":\"3\"}}"));
		assertThat(read.metadata().keySet()).containsExactly("z", "a", "m");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "null", "[]", "{", "{\"host\":\"a\"", "{\"host\":\"a\"} x", "{\"host\":\"a\",}",
			"{\"host\":\"caf\\u00e9\"}", "{\"host\":\"a\\\"b\"}", "{\"host\":\"\u00e9\"}", "{\"host\":\"a\tb\"}",
			"{\"unknown\":1}", "{\"host\":\"a\",\"host\":\"b\"}", "{\"metadata\":{\"a\":\"1\",\"a\":\"2\"}}",
			"{\"port\":08080}", "{\"port\":8080.0}", "{\"port\":8e3}", "{\"port\":1234567890}", "{\"port\":-}",
			"{\"port\":\"8080\"}", "{\"host\":8080}", "{\"secure\":\"true\"}", "{\"secure\":1}", "{\"secure\":truex}",
			"{\"tags\":[\"a\",null]}", "{\"tags\":[1]}", "{\"metadata\":{\"a\":1}}", "{\"metadata\":{\"a\":null}}",
			"{\"status\":\"up\"}", "{\"status\":\"DOWN\"}", "{\"healthCheck\":{\"type\":\"ttl\"}}",
			"{\"healthCheck\":{\"kind\":\"TTL\"}}", "{\"healthCheck\":\"TTL\"}", "/* c */{}", "{'host':'a'}",
			"{host:\"a\"}", "\uFEFF{}" })
	void everythingElseShouldBeLeftToJackson(String body) {
		assertThat(RegistrationJson.read(bytes(body))).isNull();
	}

	private static byte[] bytes(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

}
