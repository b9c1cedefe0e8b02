package dev.discovery.client.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.discovery.client.serviceregistry.DiscoveryRegistration;
import dev.discovery.client.serviceregistry.DnsLabels;
import dev.discovery.client.serviceregistry.HostResolver;
import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.InstanceRegistration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.web.context.WebApplicationContext;

/**
 * Builds this application's {@link DiscoveryRegistration} from {@link DiscoveryProperties}.
 */
final class RegistrationFactory {

	private RegistrationFactory() {
	}

	static DiscoveryRegistration create(DiscoveryProperties properties, Environment environment,
			HostResolver hostResolver, String contextPath) {
		InstanceProperties instance = properties.getInstance();
		String name = serviceName(instance, environment);
		String host = hostResolver.resolve(instance.getHost(), instance.isPreferIpAddress(),
				serverAddress(environment));
		String instanceId = (instance.getInstanceId() != null) ? DnsLabels.sanitize(instance.getInstanceId()) : null;
		InstanceRegistration template = new InstanceRegistration(host, instance.getPort(), instance.isSecure(),
				metadata(instance), List.copyOf(instance.getTags()), instance.getZone(), instance.getWeight(),
				Durations.format(properties.getLease().getTtl()), healthCheck(properties.getHealthCheck(), contextPath), null);
		return new DiscoveryRegistration(DnsLabels.sanitize(name), instanceId, template);
	}

	/**
	 * The service name before sanitising: {@code discovery.instance.service-name}, else
	 * {@code spring.application.name}, else {@code application} (as Spring Cloud Consul does). A blank value counts
	 * as unset: it would otherwise register as a meaningless {@code x<hash>}.
	 * @param instance the instance properties
	 * @param environment the environment
	 * @return the name
	 */
	static String serviceName(InstanceProperties instance, Environment environment) {
		String configured = instance.getServiceName();
		if (configured != null && !configured.isBlank()) {
			return configured.trim();
		}
		String application = environment.getProperty("spring.application.name");
		return (application != null && !application.isBlank()) ? application.trim() : "application";
	}

	private static @Nullable InetAddress serverAddress(Environment environment) {
		String address = environment.getProperty("server.address");
		if (address == null || address.isBlank()) {
			return null;
		}
		try {
			return InetAddress.getByName(address.trim());
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("server.address '" + address + "' does not resolve", ex);
		}
	}

	private static Map<String, String> metadata(InstanceProperties instance) {
		Map<String, String> metadata = new LinkedHashMap<>(instance.getMetadata());
		if (instance.getZone() != null) {
			metadata.put("zone", instance.getZone());
		}
		if (instance.getWeight() != null) {
			metadata.put("weight", Integer.toString(instance.getWeight()));
		}
		return Map.copyOf(metadata);
	}

	/**
	 * The path the application's routes are served under: {@code server.servlet.context-path} for a servlet
	 * application, {@code spring.webflux.base-path} for a reactive one, normalised as Boot does ({@code ""} for
	 * none or {@code /}).
	 * @param context the application context
	 * @param environment the environment
	 * @return the context path, empty or starting with {@code /} and not ending with it
	 */
	static String contextPath(ApplicationContext context, Environment environment) {
		String property = (context instanceof ReactiveWebApplicationContext) ? "spring.webflux.base-path"
				: (context instanceof WebApplicationContext) ? "server.servlet.context-path" : null;
		String path = (property != null) ? environment.getProperty(property, "").trim() : "";
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return (path.isEmpty() || path.startsWith("/")) ? path : "/" + path;
	}

	/**
	 * The check; an HTTP check's path is under the context path, where the health endpoints are served (a path
	 * that already starts with the context path, as set before the starter added it, is taken as it is).
	 */
	private static HealthCheckSpec healthCheck(HealthCheckProperties check, String contextPath) {
		if (check.getType() == HealthCheckType.TTL) {
			return HealthCheckSpec.ttl();
		}
		String path = null;
		if (check.getType() == HealthCheckType.HTTP) {
			path = (contextPath.isEmpty() || check.getPath().startsWith(contextPath + "/")) ? check.getPath()
					: contextPath + check.getPath();
		}
		return new HealthCheckSpec(check.getType(), path, Durations.format(check.getInterval()),
				Durations.format(check.getTimeout()), check.getFailureThreshold(), null,
				Durations.format(check.getDeregisterAfter()));
	}

}
