package dev.discovery.client.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stands in for Boot's build checks: every auto-configuration is listed, every property is documented, and every
 * property a condition reads (the {@code management.health.discovery-*} switches too) is in the metadata.
 */
class AutoConfigurationGuardTests {

	@Test
	void everyAutoConfigurationShouldBeListedInTheImportsFile() throws IOException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(AutoConfiguration.class));
		Set<String> annotated = scanner.findCandidateComponents("dev.discovery.client")
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.collect(Collectors.toSet());
		String imports = read("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
		Set<String> listed = imports.lines().map(String::trim).filter((line) -> !line.isEmpty()).collect(Collectors.toSet());
		assertThat(annotated).isNotEmpty();
		assertThat(listed).containsExactlyInAnyOrderElementsOf(annotated);
	}

	@Test
	void everyPropertyShouldHaveADescription() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(read("META-INF/spring-configuration-metadata.json"));
		assertThat(metadata.get("properties")).isNotEmpty().allSatisfy((property) -> assertThat(property.get("description"))
			.as(property.get("name").asString())
			.isNotNull());
	}

	@Test
	void everyPropertyAConditionReadsShouldBeInTheMetadata() throws IOException {
		Set<String> documented = documentedProperties();
		Set<String> read = new TreeSet<>();
		for (Class<?> type : classesIn("dev.discovery.client")) {
			read.addAll(conditionProperties(MergedAnnotations.from(type, SearchStrategy.DIRECT)));
			for (Method method : type.getDeclaredMethods()) {
				read.addAll(conditionProperties(MergedAnnotations.from(method)));
			}
		}
		assertThat(read).contains("discovery.enabled", "management.health.discovery-registry.enabled",
				"management.health.discovery-watch.enabled");
		assertThat(documented).containsAll(read);
	}

	private static Set<String> documentedProperties() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(read("META-INF/spring-configuration-metadata.json"));
		Set<String> names = new TreeSet<>();
		metadata.get("properties").forEach((property) -> names.add(property.get("name").asString()));
		return names;
	}

	/** Our own properties (discovery.*, management.health.discovery-*) that conditions in the code read. */
	private static Set<String> conditionProperties(MergedAnnotations annotations) {
		Set<String> names = new TreeSet<>();
		annotations.stream(ConditionalOnBooleanProperty.class).forEach((condition) -> {
			String prefix = condition.getString("prefix");
			Set<String> declared = new TreeSet<>(List.of(condition.getStringArray("name")));
			declared.addAll(List.of(condition.getStringArray("value")));
			for (String name : declared) {
				names.add(prefix.isEmpty() ? name : prefix + "." + name);
			}
		});
		annotations.stream(ConditionalOnEnabledHealthIndicator.class)
			.forEach((condition) -> names.add("management.health." + condition.getString("value") + ".enabled"));
		names.removeIf((name) -> !name.startsWith("discovery.") && !name.startsWith("management.health.discovery"));
		return names;
	}

	private static Set<Class<?>> classesIn(String root) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return true;
			}
		};
		scanner.addIncludeFilter((reader, factory) -> true);
		Set<Class<?>> classes = new HashSet<>();
		for (BeanDefinition definition : scanner.findCandidateComponents(root)) {
			classes.add(ClassUtils.resolveClassName(definition.getBeanClassName(), null));
		}
		return classes;
	}

	private static String read(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
