package dev.discovery.client.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;

/**
 * Matches unless {@code discovery.enabled} or Spring Cloud's {@code spring.cloud.discovery.enabled} is
 * {@code false}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = "discovery.enabled", matchIfMissing = true)
@ConditionalOnDiscoveryEnabled
public @interface ConditionalOnDiscoveryClientEnabled {

}
