package dev.discovery.server.eureka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.discovery.server.registry.RegistrationValidator;

/**
 * Maps Eureka's names to the registry's and back. Application names are the service names in upper case. An
 * instance id that already is a lower-case DNS label (as ids registered through the v1 API are) maps to itself;
 * any other ({@code host:app:port}) to a label made of its letters and digits plus eight hex digits of its SHA-256,
 * so two Eureka ids never share one registry id, and the same Eureka id always finds the same instance without a
 * table to look it up in. The Eureka id itself travels in the instance's metadata.
 */
final class EurekaIds {

	private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	private static final Pattern NOT_LABEL_CHARACTERS = Pattern.compile("[^a-z0-9]+");

	private static final int PREFIX_LENGTH = 54;

	private EurekaIds() {
	}

	/**
	 * The service a Eureka application name stands for.
	 * @param app the application name, in any case
	 * @return the service name
	 * @throws dev.discovery.server.registry.InvalidRequestException if it is not a DNS label
	 */
	static String service(String app) {
		return RegistrationValidator.serviceName(app);
	}

	/**
	 * The application name Eureka clients see for a service.
	 * @param service the service name
	 * @return the name in upper case
	 */
	static String app(String service) {
		return service.toUpperCase(Locale.ROOT);
	}

	/**
	 * The registry's id for a Eureka instance id.
	 * @param eurekaId the Eureka id
	 * @return a DNS label
	 */
	static String instanceId(String eurekaId) {
		if (LABEL.matcher(eurekaId).matches()) {
			return eurekaId;
		}
		String prefix = NOT_LABEL_CHARACTERS.matcher(eurekaId.toLowerCase(Locale.ROOT)).replaceAll("-");
		prefix = trimHyphens(prefix.length() > PREFIX_LENGTH ? prefix.substring(0, PREFIX_LENGTH) : prefix);
		String hash = HexFormat.of().formatHex(sha256(eurekaId), 0, 4);
		return prefix.isEmpty() ? "i-" + hash : prefix + "-" + hash;
	}

	private static String trimHyphens(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && text.charAt(start) == '-') {
			start++;
		}
		while (end > start && text.charAt(end - 1) == '-') {
			end--;
		}
		return text.substring(start, end);
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

}
