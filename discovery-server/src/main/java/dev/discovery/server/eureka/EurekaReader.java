package dev.discovery.server.eureka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * Turns the fields of a registration, from JSON or XML, into an {@link EurekaInstance}, with Eureka's defaults for
 * what is missing and every problem reported at once. The registry's own validation (host, port range, metadata
 * limits) follows when the instance is mapped.
 */
final class EurekaReader {

	private EurekaReader() {
	}

	/**
	 * Where the fields come from.
	 */
	interface Source {

		@Nullable String text(String name);

		@Nullable Port port(String name);

		@Nullable String lease(String name);

		Map<String, String> metadata(List<FieldError> errors);

	}

	/**
	 * A port as sent: its number and whether it is enabled, both as text.
	 *
	 * @param number the port number
	 * @param enabled {@code true} or {@code false}
	 */
	record Port(@Nullable String number, @Nullable String enabled) {
	}

	static EurekaInstance read(Source source) {
		List<FieldError> errors = new ArrayList<>();
		String app = source.text("app");
		if (app == null || app.isBlank()) {
			errors.add(new FieldError("app", "is required"));
		}
		String hostName = orEmpty(source.text("hostName"));
		String ipAddr = orEmpty(source.text("ipAddr"));
		if (hostName.isBlank() && ipAddr.isBlank()) {
			errors.add(new FieldError("hostName", "is required (or ipAddr)"));
		}
		String instanceId = orEmpty(source.text("instanceId"));
		if (instanceId.isBlank()) {
			// Eureka's own rule for instances outside AWS: the host name is the id.
			instanceId = !hostName.isBlank() ? hostName : ipAddr;
		}
		int[] port = port(source.port("port"), "port", 7001, true, errors);
		int[] securePort = port(source.port("securePort"), "securePort", 7002, false, errors);
		int renewal = number(source.lease("renewalIntervalInSecs"), "leaseInfo.renewalIntervalInSecs", 30, errors);
		int duration = number(source.lease("durationInSecs"), "leaseInfo.durationInSecs", 90, errors);
		Map<String, String> metadata = source.metadata(errors);
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors, false);
		}
		return new EurekaInstance(instanceId, app.toUpperCase(Locale.ROOT), hostName, ipAddr,
				EurekaStatus.parse(source.text("status"), EurekaStatus.UP),
				EurekaStatus.parse(firstOf(source.text("overriddenStatus"), source.text("overriddenstatus")),
						EurekaStatus.UNKNOWN),
				port[0], port[1] == 1, securePort[0], securePort[1] == 1, source.text("vipAddress"),
				source.text("secureVipAddress"), source.text("homePageUrl"), source.text("statusPageUrl"),
				source.text("healthCheckUrl"), source.text("secureHealthCheckUrl"),
				new EurekaInstance.Lease(renewal, duration, 0, 0, 0), metadata, 0, 0, null);
	}

	private static int[] port(@Nullable Port port, String field, int defaultPort, boolean defaultEnabled,
			List<FieldError> errors) {
		if (port == null) {
			return new int[] { defaultPort, defaultEnabled ? 1 : 0 };
		}
		int number = number(port.number(), field, defaultPort, errors);
		boolean enabled = (port.enabled() != null) ? Boolean.parseBoolean(port.enabled().trim()) : defaultEnabled;
		return new int[] { number, enabled ? 1 : 0 };
	}

	private static int number(@Nullable String text, String field, int fallback, List<FieldError> errors) {
		if (text == null || text.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(text.trim());
		}
		catch (NumberFormatException ex) {
			errors.add(new FieldError(field, "is not a whole number"));
			return fallback;
		}
	}

	private static @Nullable String firstOf(@Nullable String first, @Nullable String second) {
		return (first != null) ? first : second;
	}

	private static String orEmpty(@Nullable String text) {
		return (text != null) ? text.trim() : "";
	}

}
