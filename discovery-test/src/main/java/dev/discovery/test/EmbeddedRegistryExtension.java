package dev.discovery.test;

import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 side of {@link EmbeddedRegistry}: provides the shared {@link TestRegistry} as a parameter, and undoes
 * what the kit changed during each test after it (and during {@code @BeforeAll} after the class).
 */
public class EmbeddedRegistryExtension
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EmbeddedRegistryExtension.class);

	private static final String MARK = "mark";

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put(MARK, registry(context).mark());
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		context.getStore(NAMESPACE).put(MARK, registry(context).mark());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		undo(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		undo(context);
	}

	private static void undo(ExtensionContext context) {
		Long mark = context.getStore(NAMESPACE).remove(MARK, Long.class);
		if (mark != null) {
			registry(context).resetTo(mark);
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == TestRegistry.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return registry(context);
	}

	/** The registry of the nearest class with {@link EmbeddedRegistry}: the test class or one enclosing it. */
	private static TestRegistry registry(ExtensionContext context) {
		for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
			Optional<EmbeddedRegistry> annotation = current.getTestClass()
				.flatMap((testClass) -> AnnotationSupport.findAnnotation(testClass, EmbeddedRegistry.class));
			if (annotation.isPresent()) {
				return EmbeddedRegistries.get(annotation.get());
			}
		}
		throw new IllegalStateException(context.getRequiredTestClass().getName() + " has no @EmbeddedRegistry");
	}

}
