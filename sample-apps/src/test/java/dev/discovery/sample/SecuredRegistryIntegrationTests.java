package dev.discovery.sample;

import dev.discovery.sample.payment.PaymentServiceApplication;
import dev.discovery.server.DiscoveryServerApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A registry that requires bearer tokens: the starter's {@code discovery.registry.token} gets an app in, a wrong
 * token is refused with a clear message.
 */
class SecuredRegistryIntegrationTests {

	private final ConfigurableApplicationContext server = new SpringApplicationBuilder(
			DiscoveryServerApplication.class)
		.run("--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
				"--discovery.server.snapshot.enabled=false", "--discovery.enabled=false",
				"--discovery.health-endpoints.enabled=false", "--discovery.server.security.tokens[0].name=payments",
				"--discovery.server.security.tokens[0].value=pay-secret",
				"--discovery.server.security.tokens[0].roles=register,read",
				"--discovery.server.security.tokens[0].services=payment-service");

	private final String registry = "--discovery.registry.url=http://127.0.0.1:"
			+ SampleAppsIntegrationTests.port(this.server);

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void appWithTokenShouldRegisterAndDiscover() {
		try (ConfigurableApplicationContext payment = PaymentServiceApplication.builder()
			.run(SampleAppsIntegrationTests.appArgs(this.registry, "--discovery.registry.token=pay-secret"))) {
			// Registration runs in the background: startup does not wait for the registry.
			await().untilAsserted(() -> assertThat(payment.getBean(DiscoveryClient.class).getInstances("payment-service"))
				.hasSize(1));
		}
	}

	@Test
	void appWithWrongTokenShouldBeRefusedByName() {
		assertThatException()
			.isThrownBy(() -> PaymentServiceApplication.builder()
				.run(SampleAppsIntegrationTests.appArgs(this.registry, "--discovery.registry.token=wrong",
						"--discovery.fail-fast=true")))
			.withStackTraceContaining("answered 401 to register");
	}

}
