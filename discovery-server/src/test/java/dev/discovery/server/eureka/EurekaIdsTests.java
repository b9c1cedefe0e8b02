package dev.discovery.server.eureka;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.discovery.server.registry.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EurekaIdsTests {

	@Test
	void labelIdsShouldMapToThemselves() {
		assertThat(EurekaIds.instanceId("payment-1")).isEqualTo("payment-1");
	}

	@Test
	void springCloudIdsShouldMapToLabelsWithAHash() {
		String id = EurekaIds.instanceId("10.0.0.5:inventory-service:8085");
		assertThat(id).matches("10-0-0-5-inventory-service-8085-[0-9a-f]{8}");
		assertThat(EurekaIds.instanceId("10.0.0.5:inventory-service:8085")).isEqualTo(id);
	}

	@Test
	void idsThatDifferOnlyInCaseOrPunctuationShouldNotCollide() {
		List<String> ids = List.of("box:a:1", "box.a.1", "box-a-1", "BOX:A:1", "Payment-1", "payment-1");
		assertThat(ids.stream().map(EurekaIds::instanceId).distinct()).hasSize(ids.size());
	}

	@Test
	void longAndOddIdsShouldStillBeLabels() {
		assertThat(EurekaIds.instanceId("x".repeat(300) + ":app:8080")).hasSize(63).matches("[a-z0-9-]+");
		assertThat(EurekaIds.instanceId(":::")).matches("i-[0-9a-f]{8}");
		assertThat(EurekaIds.instanceId("-a-")).matches("a-[0-9a-f]{8}");
	}

	@Test
	void appNamesShouldBeServiceNamesInUpperCase() {
		assertThat(EurekaIds.service("INVENTORY-SERVICE")).isEqualTo("inventory-service");
		assertThat(EurekaIds.app("inventory-service")).isEqualTo("INVENTORY-SERVICE");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> EurekaIds.service("MY_APP"));
	}

}
