package dev.discovery.sample.e2e;

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
import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's registry client against the real registry: what the wire contract's answers turn into.
 */
class RegistryClientIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	@Test
	void heartbeatShouldReturnTheLeaseAndUnknownInstanceA404() {
		AppProcess registry = processes.start(ProcessSpec.registry("registry"));
		RegistryClient client = new RegistryClient(
				new RegistryEndpoints(List.of(URI.create(registry.baseUrl())), Duration.ofSeconds(30),
						Clock.systemUTC()),
				Duration.ofSeconds(2), Duration.ofSeconds(5), RegistryMetrics.NONE);
		client.register("payment-service", "p-1", InstanceRegistration.of("127.0.0.1", 8080));
		client.setStatus("payment-service", "p-1", InstanceStatus.OUT_OF_SERVICE);
		LeaseView lease = client.heartbeat("payment-service", "p-1");
		assertThat(lease.instanceId()).isEqualTo("p-1");
		assertThat(lease.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
		assertThat(lease.leaseExpiresAt()).isAfter(lease.lastHeartbeat());
		assertThatExceptionOfType(RegistryException.class).isThrownBy(() -> client.heartbeat("payment-service", "p-2"))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
	}

}
