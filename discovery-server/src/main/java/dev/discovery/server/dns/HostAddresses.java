package dev.discovery.server.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Tells IP literals from host names without ever asking a resolver.
 */
public final class HostAddresses {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private HostAddresses() {
	}

	/**
	 * The address an instance's host stands for, when it is an IP literal.
	 * @param host the registered host
	 * @return the address, or {@code null} for a host name
	 */
	public static @Nullable InetAddress literal(String host) {
		if (!IPV4.matcher(host).matches() && host.indexOf(':') < 0) {
			return null;
		}
		try {
			// A literal is parsed, never looked up.
			return InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
