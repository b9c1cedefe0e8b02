package dev.discovery.test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryEndpoints;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.LeaseView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's registry client against the real registry: what the wire contract's answers turn into.
 */
@EmbeddedRegistry
class RegistryClientIntegrationTests {

	@Test
	void heartbeatShouldReturnTheLeaseAndUnknownInstanceA404(TestRegistry registry) {
		RegistryClient client = new RegistryClient(
				new RegistryEndpoints(List.of(URI.create(registry.url())), Duration.ofSeconds(30), Clock.systemUTC()),
				Duration.ofSeconds(2), Duration.ofSeconds(5), RegistryMetrics.NONE);
		try {
			client.register("registry-client", "p-1", InstanceRegistration.of("127.0.0.1", 8080));
			client.setStatus("registry-client", "p-1", InstanceStatus.OUT_OF_SERVICE);
			LeaseView lease = client.heartbeat("registry-client", "p-1");
			assertThat(lease.instanceId()).isEqualTo("p-1");
			assertThat(lease.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
			assertThat(lease.leaseExpiresAt()).isAfter(lease.lastHeartbeat());
			assertThatExceptionOfType(RegistryException.class)
				.isThrownBy(() -> client.heartbeat("registry-client", "p-2"))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
		}
		finally {
			registry.deregister("registry-client", "p-1");
		}
	}

}
