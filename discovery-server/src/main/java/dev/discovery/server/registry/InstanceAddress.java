package dev.discovery.server.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * The address part of a registration: a host that is an IP address or a host name (a literal is parsed, never looked
 * up), and a port.
 */
final class InstanceAddress {

	private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

	private InstanceAddress() {
	}

	static String host(@Nullable String host, List<FieldError> errors) {
		if (host == null || host.isBlank()) {
			errors.add(new FieldError("host", "is required"));
			return "";
		}
		if (!validHost(host)) {
			errors.add(new FieldError("host",
					"'" + WireText.printable(host) + "' is neither an IP address nor a host name"));
		}
		return host;
	}

	static boolean validHost(String host) {
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
			if (!WireText.DNS_LABEL.matcher(label.toLowerCase(Locale.ROOT)).matches()) {
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

	static int port(@Nullable Integer port, List<FieldError> errors) {
		if (port == null) {
			errors.add(new FieldError("port", "is required"));
			return 0;
		}
		if (port < 1 || port > 65535) {
			errors.add(new FieldError("port", port + " is outside 1-65535"));
		}
		return port;
	}

}
