package dev.discovery.client.autoconfigure;

import java.beans.Introspector;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

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
	void everyDefaultInTheMetadataShouldBeTheOneTheCodeHas() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(read("META-INF/spring-configuration-metadata.json"));
		Map<String, Object> roots = Map.of("discovery.loadbalancer.", new DiscoveryLoadBalancerProperties(),
				"discovery.watch.", new WatchProperties(), "discovery.", new DiscoveryProperties());
		ConversionService conversion = ApplicationConversionService.getSharedInstance();
		int compared = 0;
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			String prefix = roots.keySet().stream().filter(name::startsWith)
				.max(Comparator.comparingInt(String::length)).orElse(null);
			if (prefix == null) {
				continue;
			}
			BeanWrapper bean = new BeanWrapperImpl(roots.get(prefix));
			String path = Arrays.stream(name.substring(prefix.length()).split("\\."))
				.map((segment) -> Introspector.decapitalize(StringUtils.capitalize(
						String.join("", Arrays.stream(segment.split("-")).map(StringUtils::capitalize).toList()))))
				.collect(Collectors.joining("."));
			Object actual = bean.getPropertyValue(path);
			JsonNode documented = property.get("defaultValue");
			boolean empty = actual == null || (actual instanceof Collection<?> c && c.isEmpty())
					|| (actual instanceof Map<?, ?> m && m.isEmpty());
			if (empty) {
				assertThat(documented).as(name).isNull();
				continue;
			}
			assertThat(documented).as(name + " has a default in the code (" + actual + ") but not in the metadata")
				.isNotNull();
			String text = documented.isArray()
					? String.join(",", documented.valueStream().map(JsonNode::asString).toList())
					: documented.asString();
			assertThat(conversion.convert(text, TypeDescriptor.valueOf(String.class), bean.getPropertyTypeDescriptor(path)))
				.as(name).isEqualTo(actual);
			compared++;
		}
		assertThat(compared).isGreaterThan(40);
	}

	@Test
	void readmePropertyTableShouldMatchTheMetadata() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(read("META-INF/spring-configuration-metadata.json"));
		Map<String, JsonNode> properties = new java.util.TreeMap<>();
		metadata.get("properties").forEach((property) -> properties.put(property.get("name").asString(), property));
		String readme = Files.readString(Path.of("..", "README.md"));
		String table = readme.substring(readme.indexOf("### Properties"), readme.indexOf("## Testing your app"));
		Matcher row = Pattern.compile("^\\| `([a-z.-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE).matcher(table);
		int rows = 0;
		while (row.find()) {
			String name = row.group(1);
			assertThat(properties).as("README documents " + name).containsKey(name);
			Matcher literal = Pattern.compile("`([^`]+)`").matcher(row.group(2).trim());
			if (literal.matches() && !literal.group(1).contains("{")) { // {service}-{host}-{port} is a pattern
				JsonNode documented = properties.get(name).get("defaultValue");
				assertThat(documented).as(name).isNotNull();
				String value = documented.isArray() ? documented.get(0).asString() : documented.asString();
				assertThat(normalized(literal.group(1))).as(name).isEqualTo(normalized(value));
			}
			rows++;
		}
		assertThat(rows).isGreaterThan(40);
		String starter = Files.readString(Path.of("..", "docs", "starter.md"));
		assertThat(properties.keySet()).allSatisfy((name) -> assertThat(Stream.of(readme, starter)
			.anyMatch((doc) -> doc.contains("`" + name + "`") || doc.contains("`" + name + ".*`")))
			.as(name + " is documented in README.md or docs/starter.md")
			.isTrue());
	}

	private static Object normalized(String value) {
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			return value.toLowerCase(java.util.Locale.ROOT);
		}
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
