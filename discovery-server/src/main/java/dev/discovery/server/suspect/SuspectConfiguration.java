package dev.discovery.server.suspect;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the suspect endpoint's properties; {@link SuspectController} is the feature.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SuspectProperties.class)
class SuspectConfiguration {

}
