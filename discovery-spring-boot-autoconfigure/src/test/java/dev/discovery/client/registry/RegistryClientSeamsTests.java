package dev.discovery.client.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.discovery.client.test.StubRegistry;
import dev.discovery.protocol.InstanceRegistration;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry client's seams: a token supplier asked before every request, customizers of its builders, and an
 * observation of every operation.
 */
class RegistryClientSeamsTests {

	private static final URI UNREACHABLE = URI.create("http://127.0.0.1:1");

	private final StubRegistry stub = StubRegistry.start();

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	@AfterEach
	void stop() {
		this.stub.close();
	}

	private RegistryClient client(RegistryTokenSupplier tokens, RegistryClientCustomizer customizer,
			ObservationRegistry observations, URI... urls) {
		return new RegistryClient(new RegistryEndpoints(List.of(urls), Duration.ofSeconds(30), Clock.systemUTC()),
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(), Duration.ofSeconds(2),
				RegistryMetrics.NONE, tokens, customizer, observations, null);
	}

	@Test
	void aRotatedTokenShouldBeSentFromTheNextRequestOn() {
		AtomicReference<String> token = new AtomicReference<>("first");
		RegistryClient client = client(token::get, (builder) -> {
		}, ObservationRegistry.NOOP, this.stub.url());
		client.register("payment", "p1", InstanceRegistration.of("h", 80));
		client.heartbeat("payment", "p1");
		assertThat(this.stub.header("PUT /api/v1/services/payment/instances/p1/heartbeat", "Authorization"))
			.isEqualTo("Bearer first");
		token.set("second");
		client.heartbeat("payment", "p1");
		assertThat(this.stub.header("PUT /api/v1/services/payment/instances/p1/heartbeat", "Authorization"))
			.isEqualTo("Bearer second");
	}

	@Test
	void aBlankTokenShouldSendNoAuthorization() {
		client(() -> " ", (builder) -> {
		}, ObservationRegistry.NOOP, this.stub.url()).services();
		assertThat(this.stub.header("GET /api/v1/services", "Authorization")).isNull();
	}

	@Test
	void aFailingTokenSupplierShouldFailTheOperationWithoutTryingOtherRegistries() {
		try (StubRegistry second = StubRegistry.start()) {
			RegistryClient client = client(() -> {
				throw new IllegalStateException("vault sealed");
			}, (builder) -> {
			}, ObservationRegistry.NOOP, this.stub.url(), second.url());
			assertThatExceptionOfType(RegistryException.class).isThrownBy(client::services)
				.withMessage("Could not get a token for registry " + this.stub.url()
						+ ": IllegalStateException vault sealed");
			assertThat(this.stub.requests()).isEmpty();
			assertThat(second.requests()).isEmpty();
		}
	}

	@Test
	void customizerInterceptorsShouldSeeEveryRequestWithTheToken() {
		List<String> seen = new CopyOnWriteArrayList<>();
		RegistryClient client = client(() -> "t", (builder) -> builder.requestInterceptor((request, body, execution) -> {
			seen.add(request.getMethod() + " " + request.getURI().getPath() + " "
					+ request.getHeaders().getFirst("Authorization"));
			request.getHeaders().add("X-Tenant", "blue");
			return execution.execute(request, body);
		}), ObservationRegistry.NOOP, this.stub.url());
		client.services();
		client.instances("payment", true);
		assertThat(seen).containsExactly("GET /api/v1/services Bearer t",
				"GET /api/v1/services/payment/instances Bearer t");
	}

	@Test
	void customizerShouldBeAppliedToEveryRegistryUrl() {
		AtomicInteger customized = new AtomicInteger();
		try (StubRegistry second = StubRegistry.start()) {
			client(RegistryTokenSupplier.NONE, (builder) -> customized.incrementAndGet(), ObservationRegistry.NOOP,
					this.stub.url(), second.url());
		}
		assertThat(customized).hasValue(2);
	}

	@Test
	void anOperationShouldBeObservedWithItsServiceInstanceAndOutcome() {
		client(RegistryTokenSupplier.NONE, (builder) -> {
		}, this.observations, this.stub.url()).register("payment", "p1", InstanceRegistration.of("h", 80));
		assertThat(this.observations).hasNumberOfObservationsEqualTo(1)
			.hasObservationWithNameEqualTo("discovery.client.registry.calls")
			.that()
			.hasContextualNameEqualTo("discovery register")
			.hasLowCardinalityKeyValue("operation", "register")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasLowCardinalityKeyValue("registry", this.stub.url().toString())
			.hasHighCardinalityKeyValue("service", "payment")
			.hasHighCardinalityKeyValue("instance.id", "p1")
			.hasHighCardinalityKeyValue("attempts", "1")
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveError();
	}

	@Test
	void aFailOverShouldBeOneObservationOfTwoAttempts() {
		client(RegistryTokenSupplier.NONE, (builder) -> {
		}, this.observations, UNREACHABLE, this.stub.url()).services();
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("operation", "services")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasLowCardinalityKeyValue("registry", this.stub.url().toString())
			.hasHighCardinalityKeyValue("attempts", "2")
			.doesNotHaveHighCardinalityKeyValueWithKey("service");
	}

	@Test
	void aFailedOperationShouldBeObservedWithItsError() {
		this.stub.failNext(1, 409);
		assertThatExceptionOfType(RegistryException.class).isThrownBy(() -> client(RegistryTokenSupplier.NONE,
				(builder) -> {
				}, this.observations, this.stub.url()).heartbeat("payment", "p1"));
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("operation", "heartbeat")
			.hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR")
			.hasError()
			.assertThatError()
			.isInstanceOf(RegistryException.class);
	}

}
