package dev.discovery.server.health;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.env.Environment;

/**
 * Where the registry itself listens, as the health checks' {@link TargetPolicy} needs to know it.
 */
final class RegistryEndpoints {

	private static final List<String> PORTS = List.of("local.server.port", "local.management.port", "server.port",
			"management.server.port", "discovery.server.dns.port", "discovery.server.xds.port");

	private RegistryEndpoints() {
	}

	/** Whether the HTTP server binds a loopback address ({@code server.address}), not every interface. */
	static boolean bindsLoopback(Environment environment) {
		String address = environment.getProperty("server.address");
		try {
			return address != null && !address.isBlank() && InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/** The ports the registry serves on: its HTTP and management servers, DNS and xDS. */
	static Set<Integer> ports(Environment environment) {
		Set<Integer> ports = new HashSet<>();
		for (String property : PORTS) {
			Integer port = environment.getProperty(property, Integer.class);
			if (port != null && port > 0) {
				ports.add(port);
			}
		}
		return ports;
	}

}
