package dev.discovery.client.serviceregistry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the host other services should use to reach this one. A configured host wins, then a specific
 * {@code server.address}; otherwise an address of a network interface that is up, not a loopback and not a container
 * or VM bridge ({@code docker0}, {@code veth*}, {@code br-*}, ...), preferring IPv4 site-local addresses.
 */
public final class HostResolver {

	private static final Log logger = LogFactory.getLog(HostResolver.class);

	private static final Pattern BRIDGES = Pattern
		.compile("(docker|veth|br-|virbr|vboxnet|vmnet|cni|flannel|cali|weave|kube-ipvs|podman|lxc|lxd|tailscale).*");

	/**
	 * One address of one network interface.
	 * @param interfaceName the interface name
	 * @param interfaceIndex the interface index (lower first)
	 * @param address the address
	 */
	public record Candidate(String interfaceName, int interfaceIndex, InetAddress address) {
	}

	private HostResolver() {
	}

	/**
	 * Resolves the host to register.
	 * @param configuredHost {@code discovery.instance.host}, or {@code null}
	 * @param preferIpAddress whether to register the IP address rather than the host name
	 * @param serverAddress {@code server.address}, or {@code null}
	 * @return the host
	 */
	public static String resolve(@Nullable String configuredHost, boolean preferIpAddress,
			@Nullable InetAddress serverAddress) {
		if (configuredHost != null && !configuredHost.isBlank()) {
			logger.info("Registering with configured host " + configuredHost);
			return configuredHost;
		}
		if (serverAddress != null && !serverAddress.isAnyLocalAddress()) {
			logger.info("Registering with server.address " + serverAddress.getHostAddress());
			return serverAddress.getHostAddress();
		}
		Optional<Candidate> chosen = choose(candidates());
		InetAddress address = chosen.map(Candidate::address).orElseGet(InetAddress::getLoopbackAddress);
		String host = preferIpAddress ? ipAddress(address) : address.getHostName();
		if (chosen.isPresent()) {
			logger.info("Registering with host " + host + " (address " + ipAddress(address) + " of interface "
					+ chosen.get().interfaceName() + "; set discovery.instance.host to override)");
		}
		else {
			logger.warn("No non-loopback network interface found: registering with " + host
					+ ", which other machines cannot reach; set discovery.instance.host");
		}
		return host;
	}

	private static String ipAddress(InetAddress address) {
		// IPv6 literals of interface addresses carry a scope ("%eth0") that means nothing to other hosts.
		String literal = address.getHostAddress();
		int scope = literal.indexOf('%');
		return (scope >= 0) ? literal.substring(0, scope) : literal;
	}

	/**
	 * Picks the best candidate: no loopback, link-local, multicast or bridge address; IPv4 site-local before other
	 * IPv4 before IPv6; then the lowest interface index.
	 * @param candidates the addresses of the interfaces that are up
	 * @return the best candidate, if any is acceptable
	 */
	public static Optional<Candidate> choose(List<Candidate> candidates) {
		return candidates.stream()
			.filter((c) -> !c.address().isLoopbackAddress() && !c.address().isLinkLocalAddress()
					&& !c.address().isMulticastAddress() && !c.address().isAnyLocalAddress())
			.filter((c) -> !BRIDGES.matcher(c.interfaceName()).matches())
			.min(Comparator.comparingInt(HostResolver::rank).thenComparingInt(Candidate::interfaceIndex));
	}

	private static int rank(Candidate candidate) {
		if (candidate.address() instanceof Inet4Address) {
			return candidate.address().isSiteLocalAddress() ? 0 : 1;
		}
		return 2;
	}

	private static List<Candidate> candidates() {
		List<Candidate> candidates = new ArrayList<>();
		try {
			for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
				if (nic.isUp() && !nic.isLoopback() && !nic.isVirtual() && !nic.isPointToPoint()) {
					nic.inetAddresses()
						.forEach((address) -> candidates.add(new Candidate(nic.getName(), nic.getIndex(), address)));
				}
			}
		}
		catch (SocketException ex) {
			logger.warn("Could not list network interfaces: " + ex.getMessage());
		}
		return candidates;
	}

}
