package dev.discovery.client.serviceregistry;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.discovery.client.discovery.DiscoveryServiceInstance;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceUrisTests {

	@Test
	void ipv6HostsShouldBeBracketed() {
		assertThat(InstanceUris.of(new DefaultServiceInstance("p1", "payment", "2001:db8::5", 8080, false)))
			.isEqualTo(URI.create("http://[2001:db8::5]:8080"));
		assertThat(InstanceUris.of(new DefaultServiceInstance("p1", "payment", "[::1]", 8443, true)))
			.isEqualTo(URI.create("https://[::1]:8443"));
		assertThat(InstanceUris.of(new DefaultServiceInstance("p1", "payment", "10.0.0.5", 8080, false)))
			.isEqualTo(URI.create("http://10.0.0.5:8080"));
		assertThat(InstanceUris.of(new DefaultServiceInstance("p1", "payment", "payments.internal", 443, true)))
			.isEqualTo(URI.create("https://payments.internal:443"));
	}

	@Test
	void discoveredInstancesOnIpv6ShouldHaveAUriWithTheirHost() {
		Instant now = Instant.now();
		InstanceView view = new InstanceView("payment", "p1", "2001:db8::5", 8443, true, Map.of(), List.of(), null, 1,
				InstanceStatus.UP, HealthState.PASSING, null, null, null, "15s", now, now, now, 1);
		URI uri = DiscoveryServiceInstance.of(view).getUri();
		assertThat(uri).isEqualTo(URI.create("https://[2001:db8::5]:8443"));
		assertThat(uri.getHost()).isEqualTo("[2001:db8::5]");
	}

	@Test
	void ownRegistrationOnIpv6ShouldHaveAUriWithItsHost() {
		DiscoveryRegistration registration = new DiscoveryRegistration("payment", null,
				new InstanceRegistration("fd00::7", 8080, false, Map.of(), List.of(), null, null, "15s", null, null));
		assertThat(registration.getUri()).isEqualTo(URI.create("http://[fd00::7]:8080"));
		assertThat(registration.getUri().getPort()).isEqualTo(8080);
	}

}
