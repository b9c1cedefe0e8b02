package dev.discovery.client.discovery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryEndpoints;
import dev.discovery.client.registry.RegistryException;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.test.StubRegistry;
import dev.discovery.protocol.InstanceRegistration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DiscoveryClientsTests {

	private final InstanceLookup lookup = Views.lookup(Views.view("p1", "eu-1", 5));

	@Test
	void getInstancesShouldExposeAddressMetadataZoneAndWeight() {
		ServiceInstance instance = new RegistryDiscoveryClient(this.lookup).getInstances("payment").get(0);
		assertThat(instance.getInstanceId()).isEqualTo("p1");
		assertThat(instance.getServiceId()).isEqualTo("payment");
		assertThat(instance.getUri()).isEqualTo(URI.create("http://10.0.0.2:8080"));
		assertThat(instance.getMetadata()).containsEntry("version", "1")
			.containsEntry("zone", "eu-1")
			.containsEntry("weight", "5");
	}

	@Test
	void getServicesShouldListNames() {
		assertThat(new RegistryDiscoveryClient(this.lookup).getServices()).containsExactly("payment");
	}

	@Test
	void reactiveClientShouldAnswerTheSame() {
		RegistryReactiveDiscoveryClient client = new RegistryReactiveDiscoveryClient(this.lookup);
		StepVerifier.create(client.getInstances("payment").map(ServiceInstance::getInstanceId))
			.expectNext("p1")
			.verifyComplete();
		StepVerifier.create(client.getServices()).expectNext("payment").verifyComplete();
	}

	@Test
	void lookupShouldAcceptServiceNamesInAnyCase() {
		try (StubRegistry stub = StubRegistry.start()) {
			RegistryClient client = client(stub.url());
			client.register("payment", "p1", InstanceRegistration.of("127.0.0.1", 8080));
			assertThat(new RegistryDiscoveryClient(new RegistryInstanceLookup(client)).getInstances("Payment"))
				.hasSize(1);
		}
	}

	@Test
	void getServicesShouldAnswerTheLastKnownNamesWhileTheRegistryFailsButProbeShouldNot() {
		try (StubRegistry stub = StubRegistry.start()) {
			RegistryClient client = client(stub.url());
			client.register("payment", "p1", InstanceRegistration.of("127.0.0.1", 8080));
			RegistryDiscoveryClient discovery = new RegistryDiscoveryClient(new RegistryInstanceLookup(client));
			assertThat(discovery.getServices()).containsExactly("payment");
			stub.failNext(100, 503);
			assertThat(discovery.getServices()).containsExactly("payment");
			assertThatExceptionOfType(RegistryException.class).isThrownBy(discovery::probe);
			stub.failNext(100, 403);
			assertThatExceptionOfType(RegistryException.class).isThrownBy(discovery::getServices);
		}
		RegistryInstanceLookup neverAnswered = new RegistryInstanceLookup(client(URI.create("http://127.0.0.1:1")));
		assertThatExceptionOfType(RegistryException.class).isThrownBy(neverAnswered::services);
	}

	@Test
	void probeShouldFailWhenTheRegistryIsUnreachable() {
		RegistryInstanceLookup unreachable = new RegistryInstanceLookup(client(URI.create("http://127.0.0.1:1")));
		assertThatExceptionOfType(RegistryException.class)
			.isThrownBy(() -> new RegistryDiscoveryClient(unreachable).probe());
		StepVerifier.create(new RegistryReactiveDiscoveryClient(unreachable).reactiveProbe())
			.expectError(RegistryException.class)
			.verify();
	}

	@Test
	void reactiveClientShouldCompleteEmptyWhileTheRegistryIsUnreachableSoACompositeStillAnswers() {
		RegistryReactiveDiscoveryClient unreachable = new RegistryReactiveDiscoveryClient(
				new RegistryInstanceLookup(client(URI.create("http://127.0.0.1:1"))));
		StepVerifier.create(unreachable.getInstances("payment")).verifyComplete();
		StepVerifier.create(unreachable.getServices()).verifyComplete();
		SimpleReactiveDiscoveryProperties properties = new SimpleReactiveDiscoveryProperties();
		InstanceProperties inventory = new InstanceProperties();
		inventory.setInstanceId("i1");
		inventory.setServiceId("inventory");
		inventory.setHost("10.0.0.3");
		inventory.setPort(8080);
		properties.setInstances(new HashMap<>(Map.of("inventory", new ArrayList<>(List.of(inventory)))));
		ReactiveCompositeDiscoveryClient composite = new ReactiveCompositeDiscoveryClient(
				new ArrayList<>(List.of(unreachable, new SimpleReactiveDiscoveryClient(properties))));
		StepVerifier.create(composite.getServices()).expectNext("inventory").verifyComplete();
		StepVerifier.create(composite.getInstances("inventory").map(ServiceInstance::getInstanceId))
			.expectNext("i1")
			.verifyComplete();
	}

	private static RegistryClient client(URI url) {
		return new RegistryClient(new RegistryEndpoints(List.of(url), Duration.ofSeconds(30), Clock.systemUTC()),
				Duration.ofSeconds(1), Duration.ofSeconds(2), RegistryMetrics.NONE);
	}

}
