package dev.discovery.client.serviceregistry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryEndpoints;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.test.StubRegistry;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class DiscoveryServiceRegistryTests {

	private static final Duration HEARTBEAT = Duration.ofMillis(100);

	private final StubRegistry stub = StubRegistry.start();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final AtomicInteger heartbeats = new AtomicInteger();

	private final AtomicInteger failedRegistrations = new AtomicInteger();

	private final RegistryMetrics metrics = new RegistryMetrics() {

		@Override
		public void heartbeat(boolean success) {
			DiscoveryServiceRegistryTests.this.heartbeats.incrementAndGet();
		}

		@Override
		public void registration(boolean success) {
			if (!success) {
				DiscoveryServiceRegistryTests.this.failedRegistrations.incrementAndGet();
			}
		}

	};

	private final DiscoveryRegistration registration = new DiscoveryRegistration("payment", null,
			new InstanceRegistration("127.0.0.1", 8080, false, Map.of(), List.of(), null, null, "15s", null, null));

	DiscoveryServiceRegistryTests() {
		this.scheduler.initialize();
	}

	@AfterEach
	void stop() {
		this.scheduler.shutdown();
		this.stub.close();
	}

	private DiscoveryServiceRegistry serviceRegistry(boolean failFast) {
		RegistryClient client = new RegistryClient(
				new RegistryEndpoints(List.of(this.stub.url()), Duration.ofSeconds(30), Clock.systemUTC()),
				Duration.ofSeconds(1), Duration.ofSeconds(2), RegistryMetrics.NONE);
		Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200));
		return new DiscoveryServiceRegistry(client, this.scheduler,
				new DiscoveryServiceRegistry.Settings(HEARTBEAT, backoff, failFast, this.metrics, Clock.systemUTC()));
	}

	@Test
	void registerShouldUseTheDefaultInstanceIdAndSendHeartbeats() {
		serviceRegistry(false).register(this.registration);
		await().untilAsserted(() -> assertThat(this.stub.instances()).containsKey("payment/payment-127-0-0-1-8080"));
		await().untilAsserted(() -> assertThat(this.stub.requests())
			.contains("PUT /api/v1/services/payment/instances/payment-127-0-0-1-8080/heartbeat"));
	}

	@Test
	void heartbeatAnsweredWithNotFoundShouldRegisterAgainAtOnce() {
		serviceRegistry(false).register(this.registration);
		await().until(() -> this.heartbeats.get() > 0);
		this.stub.forgetAll();
		await().untilAsserted(() -> assertThat(this.stub.instances()).containsKey("payment/payment-127-0-0-1-8080"));
	}

	@Test
	void unreachableRegistryShouldBeRetriedWithBackoff() {
		this.stub.failNext(3, 503);
		serviceRegistry(false).register(this.registration);
		assertThat(this.stub.instances()).isEmpty();
		await().untilAsserted(() -> assertThat(this.stub.instances()).hasSize(1));
		assertThat(this.failedRegistrations).hasValue(3);
	}

	@Test
	void failFastShouldThrowNamingTheRegistry() {
		this.stub.failNext(1, 503);
		assertThatIllegalStateException().isThrownBy(() -> serviceRegistry(true).register(this.registration))
			.withMessageContaining(this.stub.url().toString())
			.withMessageContaining("discovery.fail-fast");
	}

	@Test
	void deregisterShouldRemoveTheInstanceAndStopHeartbeats() {
		DiscoveryServiceRegistry serviceRegistry = serviceRegistry(false);
		serviceRegistry.register(this.registration);
		serviceRegistry.deregister(this.registration);
		assertThat(this.stub.instances()).isEmpty();
		int requests = this.stub.requests().size();
		await().during(Duration.ofMillis(300)).untilAsserted(() -> assertThat(this.stub.requests()).hasSize(requests));
	}

	@Test
	void statusSetBeforeTheRegistryAcceptsShouldRideOnTheRegistration() {
		this.stub.failNext(2, 503);
		DiscoveryServiceRegistry serviceRegistry = serviceRegistry(false);
		serviceRegistry.register(this.registration);
		serviceRegistry.setStatus(this.registration, "OUT_OF_SERVICE");
		await().untilAsserted(() -> assertThat(this.stub.instances().values()).singleElement()
			.satisfies((view) -> assertThat(view.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE)));
	}

	@Test
	void setStatusShouldReachTheRegistryAndSurviveReRegistration() {
		DiscoveryServiceRegistry serviceRegistry = serviceRegistry(false);
		serviceRegistry.register(this.registration);
		await().untilAsserted(() -> assertThat(this.stub.instances()).isNotEmpty());
		serviceRegistry.setStatus(this.registration, "out_of_service");
		assertThat((String) serviceRegistry.getStatus(this.registration)).isEqualTo("OUT_OF_SERVICE");
		this.stub.forgetAll();
		await().untilAsserted(() -> assertThat(this.stub.instances()).isNotEmpty());
		assertThat(this.stub.instances().values()).allSatisfy(
				(view) -> assertThat(view.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE));
	}

}
