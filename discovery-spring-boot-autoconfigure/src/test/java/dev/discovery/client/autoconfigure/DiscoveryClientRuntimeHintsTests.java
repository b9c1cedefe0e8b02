package dev.discovery.client.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.WatchSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints AOT processing and native images need: every wire type of {@code dev.discovery.protocol} and every
 * properties class is registered for binding, through {@code aot.factories}.
 */
class DiscoveryClientRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	DiscoveryClientRuntimeHintsTests() {
		new DiscoveryClientRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void registrarShouldBeListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(DiscoveryClientRuntimeHints.class);
	}

	@Test
	void wireRecordsShouldBeConstructibleAndTheirComponentsReadable() {
		for (Class<?> type : protocolTypes()) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
			if (type.isRecord()) {
				assertThat(RuntimeHintsPredicates.reflection()
					.onType(type)
					.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).as(type.getName()).accepts(this.hints);
				for (RecordComponent component : type.getRecordComponents()) {
					assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
						.as(component.toString())
						.accepts(this.hints);
				}
			}
		}
	}

	@Test
	void typesNestedInWireRecordsShouldBeRegisteredToo() {
		assertThat(RuntimeHintsPredicates.reflection().onType(InstanceView.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(WatchSnapshot.class, "services"))
			.accepts(this.hints);
	}

	@Test
	void everyPropertiesClassShouldBeBindable() throws Exception {
		Set<Class<?>> properties = configurationPropertiesClasses();
		assertThat(properties).contains(DiscoveryProperties.class, WatchProperties.class);
		assertThat(DiscoveryClientRuntimeHints.PROPERTIES).containsAll(properties);
		for (Class<?> type : properties) {
			for (Method method : type.getDeclaredMethods()) {
				if (method.getName().startsWith("set") || method.getName().startsWith("get")) {
					assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method))
						.as(method.toString())
						.accepts(this.hints);
				}
			}
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(RegistryProperties.class.getMethod("setUrl", List.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(DiscoveryProperties.Heartbeat.class.getMethod("setInterval", java.time.Duration.class)))
			.accepts(this.hints);
	}

	@Test
	void everyProtocolTypeShouldBeListedOrNestedInAListedOne() {
		for (Class<?> type : protocolTypes()) {
			Class<?> outermost = type;
			while (outermost.getEnclosingClass() != null) {
				outermost = outermost.getEnclosingClass();
			}
			assertThat(DiscoveryClientRuntimeHints.WIRE_TYPES).as(type.getName()).contains(outermost);
		}
	}

	/** The records and enums of the protocol package, found by scanning so a new one cannot be forgotten. */
	private static Set<Class<?>> protocolTypes() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(
					org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
				return true;
			}
		};
		scanner.addIncludeFilter((reader, factory) -> true);
		Set<Class<?>> types = new HashSet<>();
		for (BeanDefinition definition : scanner.findCandidateComponents("dev.discovery.protocol")) {
			Class<?> type = ClassUtils.resolveClassName(definition.getBeanClassName(), null);
			if (type.isRecord() || type.isEnum()) {
				types.add(type);
			}
		}
		assertThat(types).isNotEmpty();
		return types;
	}

	private static Set<Class<?>> configurationPropertiesClasses() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<Class<?>> types = new HashSet<>();
		for (BeanDefinition definition : scanner.findCandidateComponents("dev.discovery.client")) {
			types.add(ClassUtils.resolveClassName(definition.getBeanClassName(), null));
		}
		return types;
	}

}
