package dev.discovery.server.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * Checks names and registrations against the wire contract and the server's limits, collecting every problem, and
 * turns a valid registration into an {@link InstanceSpec}.
 */
public class RegistrationValidator {

	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

	private static final int MAX_WEIGHT = 1000;

	private final LeaseProperties lease;

	private final LimitsProperties limits;

	private final HealthCheckDefaults healthCheckDefaults;

	public RegistrationValidator(LeaseProperties lease, LimitsProperties limits,
			HealthCheckDefaults healthCheckDefaults) {
		this.lease = lease;
		this.limits = limits;
		this.healthCheckDefaults = healthCheckDefaults;
	}

	/**
	 * Checks a service name from a request path.
	 * @param name the name as given
	 * @return the name in lower case
	 * @throws InvalidRequestException if it is not an RFC 1123 label
	 */
	public static String serviceName(String name) {
		return label("service", name);
	}

	/**
	 * Checks an instance id from a request path.
	 * @param id the id as given
	 * @return the id in lower case
	 * @throws InvalidRequestException if it is not an RFC 1123 label
	 */
	public static String instanceId(String id) {
		return label("instanceId", id);
	}

	private static String label(String field, String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (!DNS_LABEL.matcher(lower).matches()) {
			throw new InvalidRequestException(List.of(new FieldError(field, "'" + printable(value)
					+ "' is not a DNS label: 1-63 letters, digits or hyphens, not starting or ending with a hyphen")),
					true);
		}
		return lower;
	}

	/**
	 * Validates a registration body.
	 * @param registration the body, or {@code null} if none was sent
	 * @return the normalised registration
	 * @throws InvalidRequestException listing every problem found
	 */
	public InstanceSpec validate(@Nullable InstanceRegistration registration) {
		if (registration == null) {
			throw new InvalidRequestException(List.of(new FieldError("body", "a registration body is required")), false);
		}
		List<FieldError> errors = new ArrayList<>();
		String host = host(registration.host(), errors);
		int port = port(registration.port(), errors);
		Map<String, String> metadata = metadata(registration.metadata(), errors);
		List<String> tags = tags(registration.tags(), errors);
		String zone = zone(registration.zone() != null ? registration.zone() : metadata.get("zone"), errors);
		int weight = weight(registration.weight(), metadata.get("weight"), errors);
		Duration ttl = leaseTtl(registration.leaseTtl(), errors);
		HealthCheckSpec check = this.healthCheckDefaults.apply(registration.healthCheck(), errors);
		InstanceStatus status = (registration.status() != null) ? registration.status() : InstanceStatus.UP;
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors, false);
		}
		if (zone != null) {
			metadata.put("zone", zone);
		}
		metadata.put("weight", Integer.toString(weight));
		boolean secure = Boolean.TRUE.equals(registration.secure());
		return new InstanceSpec(host, port, secure, metadata, tags, zone, weight, ttl, check, status);
	}

	private static String host(@Nullable String host, List<FieldError> errors) {
		if (host == null || host.isBlank()) {
			errors.add(new FieldError("host", "is required"));
			return "";
		}
		if (!validHost(host)) {
			errors.add(new FieldError("host", "'" + printable(host) + "' is neither an IP address nor a host name"));
		}
		return host;
	}

	/**
	 * Whether a host is an IP address or a host name the registry accepts.
	 * @param host the host
	 * @return {@code true} if a registration may use it
	 */
	public static boolean validHost(String host) {
		if (host.length() > 253) {
			return false;
		}
		if (ipv4(host)) {
			return true;
		}
		if (host.indexOf(':') >= 0) {
			return IPV6_CHARS.matcher(host).matches() && parsesAsIpv6(host);
		}
		for (String label : host.split("\\.", -1)) {
			if (!DNS_LABEL.matcher(label.toLowerCase(Locale.ROOT)).matches()) {
				return false;
			}
		}
		return !host.chars().allMatch((c) -> Character.isDigit(c) || c == '.');
	}

	/**
	 * Whether the host is a dotted-quad IPv4 address: four decimal numbers of 0 to 255 without leading zeros. By hand,
	 * not by regular expression: every registration checks its host.
	 */
	static boolean ipv4(String host) {
		int at = 0;
		for (int octet = 0; octet < 4; octet++) {
			if (octet > 0) {
				if (at >= host.length() || host.charAt(at) != '.') {
					return false;
				}
				at++;
			}
			int start = at;
			int value = 0;
			while (at < host.length() && at - start < 3 && host.charAt(at) >= '0' && host.charAt(at) <= '9') {
				value = value * 10 + (host.charAt(at++) - '0');
			}
			int digits = at - start;
			if (digits == 0 || value > 255 || (digits > 1 && host.charAt(start) == '0')) {
				return false;
			}
		}
		return at == host.length();
	}

	private static boolean parsesAsIpv6(String host) {
		try {
			// A literal made only of hex digits, colons and dots is parsed, never looked up.
			return InetAddress.getByName(host).getAddress().length == 16;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static int port(@Nullable Integer port, List<FieldError> errors) {
		if (port == null) {
			errors.add(new FieldError("port", "is required"));
			return 0;
		}
		if (port < 1 || port > 65535) {
			errors.add(new FieldError("port", port + " is outside 1-65535"));
		}
		return port;
	}

	private Map<String, String> metadata(@Nullable Map<String, String> metadata, List<FieldError> errors) {
		Map<String, String> result = new LinkedHashMap<>();
		if (metadata == null) {
			return result;
		}
		if (metadata.size() > this.limits.getMaxMetadataEntries()) {
			errors.add(new FieldError("metadata",
					metadata.size() + " entries, at most " + this.limits.getMaxMetadataEntries() + " allowed"));
			return result;
		}
		metadata.forEach((key, value) -> {
			if (key == null || key.isEmpty() || key.length() > this.limits.getMaxMetadataKeyLength()
					|| hasControlCharacter(key)) {
				errors.add(new FieldError("metadata", "key '" + printable(String.valueOf(key))
						+ "' must be 1-" + this.limits.getMaxMetadataKeyLength() + " printable characters"));
			}
			else if (value == null || value.length() > this.limits.getMaxMetadataValueLength()
					|| hasControlCharacter(value)) {
				errors.add(new FieldError("metadata." + key, "value must be at most "
						+ this.limits.getMaxMetadataValueLength() + " printable characters"));
			}
			else {
				result.put(key, value);
			}
		});
		return result;
	}

	private List<String> tags(@Nullable List<String> tags, List<FieldError> errors) {
		if (tags == null) {
			return List.of();
		}
		if (tags.size() > this.limits.getMaxTags()) {
			errors.add(new FieldError("tags", tags.size() + " tags, at most " + this.limits.getMaxTags() + " allowed"));
			return List.of();
		}
		for (String tag : tags) {
			if (tag == null || tag.isEmpty() || tag.length() > this.limits.getMaxTagLength()
					|| hasControlCharacter(tag)) {
				errors.add(new FieldError("tags", "tag '" + printable(String.valueOf(tag)) + "' must be 1-"
						+ this.limits.getMaxTagLength() + " printable characters"));
			}
		}
		return tags.stream().distinct().toList();
	}

	private static @Nullable String zone(@Nullable String zone, List<FieldError> errors) {
		if (zone != null && (zone.isEmpty() || zone.length() > 63 || hasControlCharacter(zone))) {
			errors.add(new FieldError("zone", "must be 1-63 printable characters"));
		}
		return zone;
	}

	private static int weight(@Nullable Integer weight, @Nullable String fromMetadata, List<FieldError> errors) {
		Integer value = weight;
		if (value == null && fromMetadata != null) {
			try {
				value = Integer.valueOf(fromMetadata.trim());
			}
			catch (NumberFormatException ex) {
				errors.add(new FieldError("metadata.weight", "'" + printable(fromMetadata) + "' is not a whole number"));
				return 1;
			}
		}
		if (value == null) {
			return 1;
		}
		if (value < 1 || value > MAX_WEIGHT) {
			errors.add(new FieldError("weight", value + " is outside 1-" + MAX_WEIGHT));
		}
		return value;
	}

	private Duration leaseTtl(@Nullable String text, List<FieldError> errors) {
		if (text == null) {
			return this.lease.getDefaultTtl();
		}
		Duration ttl = HealthCheckDefaults.duration("leaseTtl", text, errors);
		if (ttl == null) {
			return this.lease.getDefaultTtl();
		}
		if (ttl.compareTo(this.lease.getMinTtl()) < 0) {
			return this.lease.getMinTtl();
		}
		return (ttl.compareTo(this.lease.getMaxTtl()) > 0) ? this.lease.getMaxTtl() : ttl;
	}

	static boolean hasControlCharacter(String text) {
		// Code points, so a lone surrogate (not valid Unicode) shows as one and is refused too. Noncharacters
		// (U+FFFE, U+FFFF, ...) are not for interchange, and no XML document, such as Eureka's, may carry them.
		// A loop, not a stream: every registration checks each metadata key and value.
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			if (c < 0x80) {
				if (c < 0x20 || c == 0x7f) {
					return true;
				}
				i++;
				continue;
			}
			int type = Character.getType(c);
			if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
					|| (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) {
				return true;
			}
			i += Character.charCount(c);
		}
		return false;
	}

	/**
	 * Makes a rejected value safe to echo in an error: control characters escaped, length capped.
	 * @param value the value
	 * @return the printable form
	 */
	static String printable(String value) {
		StringBuilder out = new StringBuilder();
		value.codePoints().limit(80).forEach((c) -> {
			if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return (value.codePointCount(0, value.length()) > 80) ? out + "..." : out.toString();
	}

}
