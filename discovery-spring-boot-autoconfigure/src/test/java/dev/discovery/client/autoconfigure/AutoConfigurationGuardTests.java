package dev.discovery.client.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stands in for Boot's build checks: every auto-configuration is listed, every property is documented.
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

	private static String read(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
