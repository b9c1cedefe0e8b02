package dev.discovery.client.health;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryEndpoints;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.test.StubRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryHealthIndicatorTests {

	private final StubRegistry stub = StubRegistry.start();

	private final RegistryClient client = new RegistryClient(
			new RegistryEndpoints(List.of(this.stub.url()), Duration.ofSeconds(30), Clock.systemUTC()),
			Duration.ofSeconds(1), Duration.ofSeconds(2), RegistryMetrics.NONE);

	private final RegistryHealthIndicator indicator = new RegistryHealthIndicator(this.client);

	@AfterEach
	void stop() {
		this.stub.close();
	}

	@Test
	void answeringRegistryShouldBeUp() {
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsKey("services").doesNotContainKey("refused");
	}

	@Test
	void refusedTokenShouldTakeItDownUntilTheRegistryAcceptsAgain() {
		this.client.access().refused("register", new RegistryException(URI.create("http://r"), 403, null,
				"Registry http://r answered 403 to register: This token may not do this", null));
		Health refused = this.indicator.health(true);
		assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
		assertThat(refused.getDetails().get("refused")).isEqualTo(
				Map.of("register", "Registry http://r answered 403 to register: This token may not do this"));
		this.client.access().allowed("register");
		assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UP);
	}

}
