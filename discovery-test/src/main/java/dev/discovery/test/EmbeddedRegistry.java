package dev.discovery.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a real registry in the test JVM on a free port (see {@link TestRegistry}). In a Spring test
 * ({@code @SpringBootTest}, with any web environment) the application's starter is pointed at it
 * ({@code discovery.registry.url}, and {@code discovery.instance.host=127.0.0.1} unless set) and the
 * {@link TestRegistry} is a bean; in any JUnit 5 test it can be a parameter of a test, lifecycle method or
 * constructor. Test classes that ask for the same properties share one registry, started once; what the kit changed
 * during a test (fakes, instances taken out of service) is undone after it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedRegistryExtension.class)
public @interface EmbeddedRegistry {

	/**
	 * Server properties as {@code key=value}, e.g. {@code "discovery.server.protection.enabled=true"}.
	 * @return the properties
	 */
	String[] properties() default {};

}
