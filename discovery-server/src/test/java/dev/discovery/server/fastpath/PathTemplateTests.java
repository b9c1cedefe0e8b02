package dev.discovery.server.fastpath;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathTemplateTests {

	private final PathTemplate heartbeat = PathTemplate
		.of("/api/v1/services/{service}/instances/{instanceId}/heartbeat");

	private final PathTemplate renewal = PathTemplate.of("/eureka/apps/{app}/{id}");

	@Test
	void aMatchingPathShouldGiveItsVariablesInOrder() {
		assertThat(this.heartbeat.match("/api/v1/services/pay/instances/pay-1/heartbeat")).containsExactly("pay",
				"pay-1");
		assertThat(this.renewal.match("/eureka/apps/PAY/host:pay:8080")).containsExactly("PAY", "host:pay:8080");
		assertThat(this.heartbeat.match("/api/v1/services/instances/instances/instances/heartbeat"))
			.containsExactly("instances", "instances");
	}

	@Test
	void anEmptyOrSplitVariableShouldNotMatch() {
		assertThat(this.heartbeat.match("/api/v1/services//instances/pay-1/heartbeat")).isNull();
		assertThat(this.heartbeat.match("/api/v1/services/pay/instances//heartbeat")).isNull();
		assertThat(this.heartbeat.match("/api/v1/services/a/b/instances/pay-1/heartbeat")).isNull();
		assertThat(this.renewal.match("/eureka/apps/PAY/")).isNull();
		assertThat(this.renewal.match("/eureka/apps/PAY")).isNull();
		assertThat(this.renewal.match("/eureka/apps//id")).isNull();
	}

	@Test
	void anotherPathShouldNotMatch() {
		assertThat(this.heartbeat.match("/api/v1/services/pay/instances/pay-1")).isNull();
		assertThat(this.heartbeat.match("/api/v1/services/pay/instances/pay-1/heartbeat/")).isNull();
		assertThat(this.heartbeat.match("/api/v1/services/pay/instances/pay-1/status")).isNull();
		assertThat(this.renewal.match("/eureka/apps/PAY/id/status")).isNull();
		assertThat(this.renewal.match("/eureka/v2/apps/PAY/id")).isNull();
	}

	@Test
	void aPercentEncodedPathShouldBeLeftToSpringMvc() {
		assertThat(this.heartbeat.match("/api/v1/services/p%61y/instances/pay-1/heartbeat")).isNull();
		assertThat(this.renewal.match("/eureka/apps/PAY/host%3Apay")).isNull();
	}

	@Test
	void aVariableThatIsNotAWholeSegmentShouldBeRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.of("/api/v1/services/x{service}"));
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.of("/api/v1/{service}.json"));
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.of("/api/v1/{}/x"));
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.of("{service}"));
	}

}
