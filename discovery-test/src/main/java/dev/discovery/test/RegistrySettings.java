package dev.discovery.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server properties of a test registry: the kit's test-friendly defaults, overridden by the test's own, as the
 * command-line arguments the embedded server starts with.
 */
final class RegistrySettings {

	private static final Map<String, String> DEFAULTS = defaults();

	private RegistrySettings() {
	}

	/**
	 * The arguments for a registry with these properties.
	 * @param properties server properties as {@code key=value}
	 * @return {@code --key=value} for each default and property, a property replacing a default
	 * @throws IllegalArgumentException if a property is not {@code key=value}
	 */
	static List<String> args(List<String> properties) {
		Map<String, String> settings = new LinkedHashMap<>(DEFAULTS);
		for (String property : properties) {
			int equals = property.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("'" + property + "' is not a key=value property");
			}
			settings.put(property.substring(0, equals).trim(), property.substring(equals + 1).trim());
		}
		List<String> args = new ArrayList<>();
		settings.forEach((key, value) -> args.add("--" + key + "=" + value));
		return args;
	}

	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("server.port", "0");
		defaults.put("server.address", "127.0.0.1");
		defaults.put("server.shutdown", "immediate");
		defaults.put("spring.main.banner-mode", "off");
		defaults.put("spring.main.register-shutdown-hook", "false");
		defaults.put("spring.jmx.enabled", "false");
		defaults.put("logging.level.root", "WARN");
		defaults.put("logging.level.dev.discovery.server", "INFO");
		// Its warning that anyone may register is meant for production, not for a registry on 127.0.0.1 in a test.
		defaults.put("logging.level.dev.discovery.server.security", "ERROR");
		defaults.put("discovery.server.snapshot.enabled", "false");
		defaults.put("discovery.server.dns.enabled", "false");
		defaults.put("discovery.server.xds.enabled", "false");
		// Tests expire and fail instances on purpose: a registry that suspected itself would keep them.
		defaults.put("discovery.server.protection.enabled", "false");
		// Every app and fake in the test JVM writes from 127.0.0.1.
		defaults.put("discovery.server.limits.write-rate", "0");
		defaults.put("discovery.server.watch.max-watchers-per-address", "0");
		return Map.copyOf(defaults);
	}

}
