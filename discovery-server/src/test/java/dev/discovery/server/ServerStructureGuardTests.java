package dev.discovery.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the server's structure: each feature owns its wiring and documents its properties, and every listener of
 * the change feed is subscribed exactly once, in one place, isolated from the others.
 */
@SpringBootTest(properties = { "discovery.server.snapshot.enabled=false", "spring.jmx.enabled=false" })
class ServerStructureGuardTests {

	private static final String ROOT = "dev.discovery.server";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private Registry registry;

	@Autowired
	private UserListeners.Recording recording;

	@Autowired
	private MeterRegistry meters;

	@Test
	void everyListenerBeanShouldBeSubscribedExactlyOnce() {
		Map<String, RegistryListener> beans = this.context.getBeansOfType(RegistryListener.class);
		assertThat(beans).hasSizeGreaterThanOrEqualTo(5);
		assertThat(this.registry.listeners()).containsExactlyInAnyOrderElementsOf(beans.values());
	}

	@Test
	void aListenerTheUserDeclaresShouldHearOfChangesPastOneThatThrows() {
		double failures = this.meters.get("discovery.registry.listener.failures").functionCounter().count();
		RegistryChange change = this.registry.register("guard", "guard-1", Registrations.spec("10.0.0.1", 8080));
		this.registry.deregister("guard", "guard-1");
		assertThat(this.recording.indexes).contains(change.index(), change.index() + 1);
		assertThat(this.meters.get("discovery.registry.listener.failures").functionCounter().count())
			.isEqualTo(failures + 2);
	}

	@Test
	void everyPropertyShouldHaveADescription() throws IOException {
		JsonNode properties = metadata().get("properties");
		assertThat(properties).isNotEmpty().allSatisfy((property) -> assertThat(property.get("description"))
			.as(property.get("name").asString())
			.isNotNull());
	}

	@Test
	void everyFeatureShouldDocumentItsProperties() throws IOException {
		Set<String> documented = new java.util.HashSet<>();
		metadata().get("properties").forEach((property) -> documented.add(property.get("name").asString()));
		for (String feature : List.of("lease", "limits", "snapshot", "watch", "health", "protection", "dns",
				"security", "xds", "eureka", "connector")) {
			assertThat(documented).as(feature).anyMatch((name) -> name.startsWith("discovery.server." + feature + "."));
		}
	}

	@Test
	void propertiesShouldLiveInTheFeaturePackageThatWiresThem() {
		List<String> sharedOrUnwired = new ArrayList<>();
		Set<String> configurationPackages = packagesOf(annotated(Configuration.class));
		for (String type : annotated(ConfigurationProperties.class)) {
			String pkg = type.substring(0, type.lastIndexOf('.'));
			boolean shared = pkg.equals(ROOT + ".config") && type.endsWith(".LimitsProperties");
			if (!shared && (pkg.equals(ROOT + ".config") || !configurationPackages.contains(pkg))) {
				sharedOrUnwired.add(type);
			}
		}
		assertThat(sharedOrUnwired).isEmpty();
	}

	private static Set<String> annotated(Class<? extends java.lang.annotation.Annotation> annotation) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(annotation));
		return scanner.findCandidateComponents(ROOT)
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.filter((name) -> !name.contains("Tests") && !name.contains("$"))
			.collect(Collectors.toSet());
	}

	private static Set<String> packagesOf(Set<String> types) {
		return types.stream().map((type) -> type.substring(0, type.lastIndexOf('.'))).collect(Collectors.toSet());
	}

	private static JsonNode metadata() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return JsonMapper.builder().build().readTree(in);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UserListeners {

		@Bean
		RegistryListener throwingListener() {
			return (change) -> {
				throw new IllegalStateException("a user's broken listener");
			};
		}

		@Bean
		Recording recordingListener() {
			return new Recording();
		}

		static final class Recording implements RegistryListener {

			final List<Long> indexes = new java.util.concurrent.CopyOnWriteArrayList<>();

			@Override
			public void onChange(RegistryChange change) {
				this.indexes.add(change.index());
			}

		}

	}

}
