package dev.discovery.client.serviceregistry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryEndpoints;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.test.StubRegistry;
import dev.discovery.client.test.StubRegistry.Misbehaviour;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class DiscoveryServiceRegistryTests {

	private static final Duration HEARTBEAT = Duration.ofMillis(100);

	private static final String INSTANCE = "/api/v1/services/payment/instances/payment-127-0-0-1-8080";

	private final StubRegistry stub = StubRegistry.start();

	private final AtomicInteger heartbeats = new AtomicInteger();

	private final AtomicInteger successfulHeartbeats = new AtomicInteger();

	private final AtomicInteger failedRegistrations = new AtomicInteger();

	private final List<DiscoveryServiceRegistry> created = new CopyOnWriteArrayList<>();

	private RegistryClient client;

	private final RegistryMetrics metrics = new RegistryMetrics() {

		@Override
		public void heartbeat(boolean success) {
			DiscoveryServiceRegistryTests.this.heartbeats.incrementAndGet();
			if (success) {
				DiscoveryServiceRegistryTests.this.successfulHeartbeats.incrementAndGet();
			}
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

	@AfterEach
	void stop() {
		this.created.forEach(DiscoveryServiceRegistry::close);
		this.stub.close();
	}

	private DiscoveryServiceRegistry serviceRegistry(boolean failFast) {
		return serviceRegistry(failFast, new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));
	}

	private DiscoveryServiceRegistry serviceRegistry(boolean failFast, Backoff backoff) {
		this.client = new RegistryClient(
				new RegistryEndpoints(List.of(this.stub.url()), Duration.ofSeconds(30), Clock.systemUTC()),
				Duration.ofSeconds(1), Duration.ofSeconds(2), RegistryMetrics.NONE);
		DiscoveryServiceRegistry registry = new DiscoveryServiceRegistry(this.client,
				new DiscoveryServiceRegistry.Settings(HEARTBEAT, backoff, failFast, this.metrics));
		this.created.add(registry);
		return registry;
	}

	@Test
	void registerShouldUseTheDefaultInstanceIdAndSendHeartbeats() {
		serviceRegistry(false).register(this.registration);
		await().untilAsserted(() -> assertThat(this.stub.instances()).containsKey("payment/payment-127-0-0-1-8080"));
		await().untilAsserted(() -> assertThat(this.stub.requests()).contains("PUT " + INSTANCE + "/heartbeat"));
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
		await().untilAsserted(() -> assertThat(this.stub.instances()).hasSize(1));
		assertThat(this.failedRegistrations).hasValue(3);
	}

	@Test
	void registrationShouldSurviveDroppedConnectionsGarbageAndUnknownValues() {
		this.stub.misbehaveNext(2, Misbehaviour.DROP);
		this.stub.misbehaveNext(1, Misbehaviour.HTML);
		this.stub.misbehaveNext(1, Misbehaviour.UNKNOWN_ENUM);
		serviceRegistry(false).register(this.registration);
		await().untilAsserted(() -> assertThat(this.stub.instances()).containsKey("payment/payment-127-0-0-1-8080"));
		assertThat(this.failedRegistrations).hasValue(4);
		await().until(() -> this.successfulHeartbeats.get() > 0);
	}

	@Test
	void heartbeatsShouldSurviveDroppedConnectionsAndGarbage() {
		serviceRegistry(false).register(this.registration);
		await().until(() -> this.successfulHeartbeats.get() > 0);
		int failedBefore = this.heartbeats.get() - this.successfulHeartbeats.get();
		this.stub.misbehaveNext(1, Misbehaviour.DROP);
		this.stub.misbehaveNext(1, Misbehaviour.HTML);
		await().until(() -> this.heartbeats.get() - this.successfulHeartbeats.get() == failedBefore + 2);
		int succeeded = this.successfulHeartbeats.get();
		await().until(() -> this.successfulHeartbeats.get() > succeeded + 2);
	}

	@Test
	void rateLimitedRegistrationShouldWaitAsLongAsTheRegistryAsks() {
		List<Long> attempts = new CopyOnWriteArrayList<>();
		this.stub.onRequest((request) -> {
			if (request.equals("PUT " + INSTANCE)) {
				attempts.add(System.nanoTime());
			}
		});
		this.stub.failNext(1, 429, "1");
		serviceRegistry(false).register(this.registration);
		await().untilAsserted(() -> assertThat(this.stub.instances()).hasSize(1));
		assertThat(attempts).hasSize(2);
		// The back-off alone would retry after 50 ms.
		assertThat(Duration.ofNanos(attempts.get(1) - attempts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
	}

	@Test
	void refusedTokenShouldBeReportedAndRetriedAtTheLongestBackoff() {
		List<Long> attempts = new CopyOnWriteArrayList<>();
		this.stub.onRequest((request) -> {
			if (request.equals("PUT " + INSTANCE)) {
				attempts.add(System.nanoTime());
			}
		});
		this.stub.failNext(2, 403);
		serviceRegistry(false, new Backoff(Duration.ofMillis(10), Duration.ofMillis(400))).register(this.registration);
		await().untilAsserted(() -> assertThat(this.client.access().refusals()).containsKey("register"));
		await().untilAsserted(() -> assertThat(this.stub.instances()).hasSize(1));
		await().untilAsserted(() -> assertThat(this.client.access().refusals()).isEmpty());
		assertThat(attempts).hasSize(3);
		assertThat(Duration.ofNanos(attempts.get(2) - attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(380));
	}

	@Test
	void failFastShouldThrowNamingTheRegistry() {
		this.stub.failNext(1, 503);
		assertThatIllegalStateException().isThrownBy(() -> serviceRegistry(true).register(this.registration))
			.withMessageContaining(this.stub.url().toString())
			.withMessageContaining("discovery.fail-fast");
	}

	@Test
	void failFastShouldThrowOnGarbageToo() {
		this.stub.misbehaveNext(1, Misbehaviour.HTML);
		assertThatIllegalStateException().isThrownBy(() -> serviceRegistry(true).register(this.registration))
			.withMessageContaining("discovery.fail-fast");
	}

	@Test
	void deregisterShouldRemoveTheInstanceAndStopHeartbeats() {
		DiscoveryServiceRegistry serviceRegistry = serviceRegistry(false);
		serviceRegistry.register(this.registration);
		await().until(() -> this.successfulHeartbeats.get() > 0);
		serviceRegistry.deregister(this.registration);
		assertThat(this.stub.instances()).isEmpty();
		assertThat(this.stub.requests()).contains("DELETE " + INSTANCE);
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
		// Registered (the registry may hold the instance a moment before the client knows it does).
		await().until(() -> this.successfulHeartbeats.get() > 0);
		serviceRegistry.setStatus(this.registration, "out_of_service");
		assertThat((String) serviceRegistry.getStatus(this.registration)).isEqualTo("OUT_OF_SERVICE");
		this.stub.forgetAll();
		await().untilAsserted(() -> assertThat(this.stub.instances()).isNotEmpty());
		assertThat(this.stub.instances().values()).allSatisfy(
				(view) -> assertThat(view.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE));
	}

	@Test
	void heartbeatThreadShouldBePrivateNamedAndDaemon() {
		serviceRegistry(false).register(this.registration);
		await().until(() -> this.successfulHeartbeats.get() > 0);
		assertThat(Thread.getAllStackTraces().keySet()).filteredOn((t) -> t.getName().equals("discovery-lease"))
			.isNotEmpty()
			.allMatch(Thread::isDaemon);
	}

}
