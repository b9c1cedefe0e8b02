package dev.discovery.client.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.discovery.client.discovery.RegistryDiscoveryClient;
import dev.discovery.client.discovery.RegistryReactiveDiscoveryClient;
import dev.discovery.client.registry.DefaultRegistryObservationConvention;
import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryClientCustomizer;
import dev.discovery.client.registry.RegistryHttpClientCustomizer;
import dev.discovery.client.registry.RegistryObservationContext;
import dev.discovery.client.registry.RegistryObservationConvention;
import dev.discovery.client.registry.RegistryTokenSupplier;
import dev.discovery.client.test.StubRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seams of the registry client as an application reaches them: beans of the customizer, token supplier and
 * observation types, and {@code discovery.order}.
 */
class RegistryClientSeamsAutoConfigurationTests {

	private final StubRegistry stub = StubRegistry.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RegistryClientAutoConfiguration.class,
				DiscoveryClientAutoConfiguration.class, ReactiveDiscoveryClientAutoConfiguration.class))
		.withPropertyValues("discovery.instance.host=127.0.0.1", "discovery.registry.url=" + this.stub.url());

	@AfterEach
	void stop() {
		this.stub.close();
	}

	@Test
	void theDefaultTokenSupplierShouldReturnTheTokenProperty() {
		this.runner.withPropertyValues("discovery.registry.token= s3cret ").run((context) -> {
			assertThat(context.getBean(RegistryTokenSupplier.class).token()).isEqualTo("s3cret");
			context.getBean(RegistryClient.class).services();
			assertThat(this.stub.header("GET /api/v1/services", "Authorization")).isEqualTo("Bearer s3cret");
		});
	}

	@Test
	void aTokenSupplierBeanShouldReplaceTheTokenProperty() {
		this.runner.withPropertyValues("discovery.registry.token=static")
			.withBean(RegistryTokenSupplier.class, () -> () -> "rotated")
			.run((context) -> {
				context.getBean(RegistryClient.class).services();
				assertThat(this.stub.header("GET /api/v1/services", "Authorization")).isEqualTo("Bearer rotated");
			});
	}

	@Test
	void everyClientCustomizerBeanShouldBeApplied() {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.runner.withBean("second", RegistryClientCustomizer.class, () -> interceptor(seen, "second"))
			.withBean("first", RegistryClientCustomizer.class, () -> interceptor(seen, "first"))
			.run((context) -> {
				context.getBean(RegistryClient.class).services();
				assertThat(seen).containsExactlyInAnyOrder("first", "second");
			});
	}

	@Test
	void httpClientCustomizersShouldReachTheClientAndTheWatch() {
		AtomicInteger customized = new AtomicInteger();
		this.runner.withConfiguration(AutoConfigurations.of(DiscoveryWatchAutoConfiguration.class))
			.withBean(RegistryHttpClientCustomizer.class, () -> (builder) -> customized.incrementAndGet())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(customized).hasValue(2);
			});
	}

	@Test
	void anObservationRegistryBeanShouldObserveRegistryCalls() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			context.getBean(RegistryClient.class).instances("payment", true);
			assertThat(observations).hasSingleObservationThat()
				.hasNameEqualTo(DefaultRegistryObservationConvention.NAME)
				.hasLowCardinalityKeyValue("operation", "instances")
				.hasHighCardinalityKeyValue("service", "payment");
		});
	}

	@Test
	void anObservationConventionBeanShouldNameTheObservations() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> observations)
			.withBean(RegistryObservationConvention.class, () -> new DefaultRegistryObservationConvention() {
				@Override
				public String getName() {
					return "registry.calls";
				}

				@Override
				public String getContextualName(RegistryObservationContext context) {
					return "registry " + context.getOperation();
				}
			})
			.run((context) -> {
				context.getBean(RegistryClient.class).services();
				assertThat(observations).hasSingleObservationThat()
					.hasNameEqualTo("registry.calls")
					.hasContextualNameEqualTo("registry services");
			});
	}

	@Test
	void withoutAnObservationRegistryTheClientShouldStillWork() {
		this.runner.run((context) -> assertThat(context.getBean(RegistryClient.class).services()).isEmpty());
	}

	@Test
	void orderShouldDefaultToSpringCloudsDefault() {
		this.runner.run((context) -> {
			assertThat(context.getBean(RegistryDiscoveryClient.class).getOrder())
				.isEqualTo(DiscoveryClient.DEFAULT_ORDER);
			assertThat(context.getBean(RegistryReactiveDiscoveryClient.class).getOrder())
				.isEqualTo(DiscoveryClient.DEFAULT_ORDER);
		});
	}

	@Test
	void orderShouldPlaceBothClientsAmongTheOthers() {
		ApplicationContextRunner composite = this.runner.withConfiguration(AutoConfigurations
			.of(UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
					CompositeDiscoveryClientAutoConfiguration.class));
		composite.withPropertyValues("discovery.order=10").run((context) -> {
			assertThat(context.getBean(RegistryReactiveDiscoveryClient.class).getOrder()).isEqualTo(10);
			assertThat(context.getBean(CompositeDiscoveryClient.class).getDiscoveryClients())
				.last()
				.isInstanceOf(RegistryDiscoveryClient.class);
		});
		composite.withPropertyValues("discovery.order=-10").run((context) -> assertThat(
				context.getBean(CompositeDiscoveryClient.class).getDiscoveryClients())
			.first()
			.isInstanceOf(RegistryDiscoveryClient.class));
	}

	private static RegistryClientCustomizer interceptor(List<String> seen, String name) {
		return (builder) -> builder.requestInterceptor((request, body, execution) -> {
			seen.add(name);
			return execution.execute(request, body);
		});
	}

}
