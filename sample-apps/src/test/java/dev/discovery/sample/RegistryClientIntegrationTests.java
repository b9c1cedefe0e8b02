package dev.discovery.sample;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryEndpoints;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.LeaseView;
import dev.discovery.server.DiscoveryServerApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's registry client against the real registry: what the wire contract's answers turn into.
 */
class RegistryClientIntegrationTests {

	@Test
	void heartbeatShouldReturnTheLeaseAndUnknownInstanceA404() {
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(DiscoveryServerApplication.class)
			.run("--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
					"--discovery.server.snapshot.enabled=false", "--discovery.enabled=false",
					"--discovery.health-endpoints.enabled=false")) {
			URI url = URI.create("http://127.0.0.1:" + SampleAppsIntegrationTests.port(server));
			RegistryClient client = new RegistryClient(
					new RegistryEndpoints(List.of(url), Duration.ofSeconds(30), Clock.systemUTC()),
					Duration.ofSeconds(2), Duration.ofSeconds(5), RegistryMetrics.NONE);
			client.register("payment-service", "p-1", InstanceRegistration.of("127.0.0.1", 8080));
			client.setStatus("payment-service", "p-1", InstanceStatus.OUT_OF_SERVICE);
			LeaseView lease = client.heartbeat("payment-service", "p-1");
			assertThat(lease.instanceId()).isEqualTo("p-1");
			assertThat(lease.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
			assertThat(lease.leaseExpiresAt()).isAfter(lease.lastHeartbeat());
			assertThatExceptionOfType(RegistryException.class)
				.isThrownBy(() -> client.heartbeat("payment-service", "p-2"))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
		}
	}

}
