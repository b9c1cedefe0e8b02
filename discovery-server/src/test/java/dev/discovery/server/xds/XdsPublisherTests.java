package dev.discovery.server.xds;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publisher builds xDS resources only while a client is connected, gives the first client the whole registry,
 * and publishes a burst of changes together.
 */
class XdsPublisherTests {

	private final Registry registry = new MemoryStore(Clock.systemUTC());

	private final XdsCache cache = new XdsCache(XdsState.empty("e1"));

	private final RegistrationValidator validator = new RegistrationValidator(new LeaseProperties(),
			new LimitsProperties(), HealthCheckDefaults.standard());

	private XdsPublisher publisher = publisher(Duration.ZERO);

	@AfterEach
	void stop() {
		this.publisher.stop();
	}

	@Test
	void changesShouldBuildNothingWhileNoClientIsConnected() {
		this.publisher.start();
		XdsState before = this.cache.state();
		register("payment", "payment-1", "10.0.0.1");
		this.publisher.publishChanges();
		assertThat(this.cache.state()).isSameAs(before);
	}

	@Test
	void theFirstClientShouldFindEveryServiceBuiltWhenItConnects() {
		register("payment", "payment-1", "10.0.0.1");
		register("ledger", "ledger-1", "10.0.0.2");
		this.publisher.subscribed();
		assertThat(this.cache.state().clusters().names()).containsExactlyInAnyOrder("payment", "ledger");
		assertThat(this.cache.state().index()).isEqualTo(this.registry.index());
	}

	@Test
	void aServiceThatLeftWhileNoClientWasConnectedShouldBeGoneWhenOneReturns() {
		register("payment", "payment-1", "10.0.0.1");
		register("ledger", "ledger-1", "10.0.0.2");
		this.publisher.subscribed();
		String paymentVersion = this.cache.state().endpoints().version(List.of("payment"));
		this.publisher.unsubscribed();
		this.registry.deregister("ledger", "ledger-1");
		this.publisher.subscribed();
		assertThat(this.cache.state().clusters().names()).containsExactly("payment");
		assertThat(this.cache.state().endpoints().version(List.of("payment"))).as("unchanged, same version")
			.isEqualTo(paymentVersion);
	}

	@Test
	void changesShouldBeFollowedUntilTheLastClientLeaves() {
		this.publisher.start();
		this.publisher.subscribed();
		this.publisher.subscribed();
		this.publisher.unsubscribed();
		register("payment", "payment-1", "10.0.0.1");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.cache.state().clusters().names()).containsExactly("payment"));
		this.publisher.unsubscribed();
		XdsState before = this.cache.state();
		register("ledger", "ledger-1", "10.0.0.2");
		this.publisher.publishChanges();
		assertThat(this.cache.state()).isSameAs(before);
	}

	@Test
	void aChangeSoonAfterAPublishShouldWaitForThePublishInterval() {
		this.publisher = publisher(Duration.ofSeconds(1));
		this.publisher.start();
		this.publisher.subscribed();
		register("payment", "payment-1", "10.0.0.1");
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
			.untilAsserted(() -> assertThat(this.cache.state().clusters().names()).contains("payment"));
		long published = System.nanoTime();
		register("ledger", "ledger-1", "10.0.0.2");
		register("audit", "audit-1", "10.0.0.3");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.cache.state().clusters().names()).contains("ledger", "audit"));
		assertThat(Duration.ofNanos(System.nanoTime() - published)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
	}

	private XdsPublisher publisher(Duration interval) {
		XdsPublisher publisher = new XdsPublisher(this.registry, this.cache, interval);
		this.registry.addListener(publisher);
		return publisher;
	}

	private void register(String service, String id, String host) {
		InstanceSpec spec = this.validator.validate(new InstanceRegistration(host, 8080, false, Map.of(), List.of(),
				null, null, "30s", null, null));
		this.registry.register(service, id, spec);
	}

}
