package dev.discovery.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Points the application of a Spring test class with {@link EmbeddedRegistry} at the embedded registry.
 */
class EmbeddedRegistryContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EmbeddedRegistry annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				EmbeddedRegistry.class);
		return (annotation != null) ? new EmbeddedRegistryContextCustomizer(List.of(annotation.properties())) : null;
	}

}
