package dev.discovery.client.autoconfigure;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryMetrics;
import dev.discovery.client.serviceregistry.Backoff;
import dev.discovery.client.serviceregistry.DiscoveryRegistration;
import dev.discovery.client.serviceregistry.DiscoveryServiceRegistry;
import dev.discovery.client.serviceregistry.HostResolver;
import dev.discovery.client.serviceregistry.RegistrationPortListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Cloud's {@code ServiceRegistry} and this application's {@code Registration}, whose host is chosen through
 * Spring Cloud's {@code InetUtils} and {@code spring.cloud.inetutils.*} unless it is configured.
 */
@AutoConfiguration(after = { RegistryClientAutoConfiguration.class, UtilAutoConfiguration.class },
		before = ServiceRegistryAutoConfiguration.class)
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnBooleanProperty(name = "spring.cloud.service-registry.enabled", matchIfMissing = true)
public final class DiscoveryServiceRegistryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DiscoveryRegistration discoveryRegistration(DiscoveryProperties properties, Environment environment,
			ApplicationContext context, ObjectProvider<InetUtils> inetUtils,
			ObjectProvider<InetUtilsProperties> inetProperties) {
		InetUtilsProperties inet = inetProperties.getIfAvailable(() -> Binder.get(environment)
			.bind(InetUtilsProperties.PREFIX, InetUtilsProperties.class)
			.orElseGet(InetUtilsProperties::new));
		String contextPath = RegistrationFactory.contextPath(context, environment);
		InetUtils shared = inetUtils.getIfAvailable();
		if (shared != null) {
			return RegistrationFactory.create(properties, environment, new HostResolver(shared, inet), contextPath);
		}
		// spring.cloud.util.enabled=false: a short-lived one, whose lookup thread ends with it.
		try (InetUtils own = new InetUtils(inet)) {
			return RegistrationFactory.create(properties, environment, new HostResolver(own, inet), contextPath);
		}
	}

	/** With auto-registration off the application may register itself: with its web server's port. */
	@Bean
	@ConditionalOnMissingBean
	RegistrationPortListener discoveryRegistrationPortListener(DiscoveryRegistration registration) {
		return new RegistrationPortListener(registration);
	}

	@Bean
	@ConditionalOnMissingBean
	DiscoveryServiceRegistry discoveryServiceRegistry(RegistryClient client, DiscoveryProperties properties,
			ObjectProvider<RegistryMetrics> metrics) {
		DiscoveryProperties.Retry retry = properties.getRetry();
		DiscoveryServiceRegistry.Settings settings = new DiscoveryServiceRegistry.Settings(
				properties.getHeartbeat().getInterval(),
				new Backoff(retry.getInitialInterval(), retry.getMaxInterval()), properties.isFailFast(),
				metrics.getIfAvailable(() -> RegistryMetrics.NONE));
		// Its heartbeat thread is its own: a TaskScheduler bean would become the application's @Scheduled one.
		return new DiscoveryServiceRegistry(client, settings);
	}

}
