package dev.discovery.client.serviceregistry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;

/**
 * Chooses the host other services should use to reach this one. A configured host wins, then a specific
 * {@code server.address}; otherwise an address of a network interface that is up, not a loopback and not a container
 * or VM bridge ({@code docker0}, {@code veth*}, {@code br-*}, ...), preferring IPv4 site-local addresses. Spring
 * Cloud's {@code spring.cloud.inetutils.*} narrow the choice as they do for every Spring Cloud registry
 * ({@code ignored-interfaces}, {@code use-only-site-local-interfaces}, {@code preferred-networks}), and the host name
 * comes from {@link InetUtils}' reverse lookup, bounded by {@code spring.cloud.inetutils.timeout-seconds}.
 */
public final class HostResolver {

	private static final Log logger = LogFactory.getLog(HostResolver.class);

	private static final Pattern BRIDGES = Pattern
		.compile("(docker|veth|br-|virbr|vboxnet|vmnet|cni|flannel|cali|weave|kube-ipvs|podman|lxc|lxd|tailscale).*");

	/** What {@link InetUtils#convertAddress} answers when the reverse lookup did not finish in time. */
	private static final String LOOKUP_TIMED_OUT = "localhost";

	/**
	 * One address of one network interface.
	 * @param interfaceName the interface name
	 * @param interfaceIndex the interface index (lower first)
	 * @param address the address
	 */
	public record Candidate(String interfaceName, int interfaceIndex, InetAddress address) {
	}

	private final InetUtilsProperties inet;

	private final Function<InetAddress, @Nullable String> hostNames;

	/**
	 * Creates a resolver.
	 * @param inetUtils Spring Cloud's network utilities, for the bounded reverse lookup
	 * @param inet the {@code spring.cloud.inetutils.*} settings {@code inetUtils} was made with
	 */
	public HostResolver(InetUtils inetUtils, InetUtilsProperties inet) {
		this(inet, (address) -> inetUtils.convertAddress(address).getHostname());
	}

	/**
	 * Creates a resolver with its own reverse lookup.
	 * @param inet the {@code spring.cloud.inetutils.*} settings
	 * @param hostNames the bounded reverse lookup; {@code localhost} or {@code null} for a lookup that took too long
	 */
	public HostResolver(InetUtilsProperties inet, Function<InetAddress, @Nullable String> hostNames) {
		this.inet = inet;
		this.hostNames = hostNames;
	}

	/**
	 * Resolves the host to register.
	 * @param configuredHost {@code discovery.instance.host}, or {@code null}
	 * @param preferIpAddress whether to register the IP address rather than the host name
	 * @param serverAddress {@code server.address}, or {@code null}
	 * @return the host
	 */
	public String resolve(@Nullable String configuredHost, boolean preferIpAddress,
			@Nullable InetAddress serverAddress) {
		return resolve(configuredHost, preferIpAddress, serverAddress, HostResolver::candidates);
	}

	String resolve(@Nullable String configuredHost, boolean preferIpAddress, @Nullable InetAddress serverAddress,
			Supplier<List<Candidate>> candidates) {
		if (configuredHost != null && !configuredHost.isBlank()) {
			logger.info("Registering with configured host " + configuredHost);
			return configuredHost;
		}
		if (serverAddress != null && !serverAddress.isAnyLocalAddress()) {
			logger.info("Registering with server.address " + serverAddress.getHostAddress());
			return serverAddress.getHostAddress();
		}
		Optional<Candidate> chosen = choose(candidates.get());
		if (chosen.isEmpty()) {
			String host = preferIpAddress ? this.inet.getDefaultIpAddress() : this.inet.getDefaultHostname();
			logger.warn("No usable network interface found (see spring.cloud.inetutils.*): registering with " + host
					+ ", which other machines cannot reach; set discovery.instance.host");
			return host;
		}
		InetAddress address = chosen.get().address();
		String host = preferIpAddress ? ipAddress(address) : hostName(address);
		logger.info("Registering with host " + host + " (address " + ipAddress(address) + " of interface "
				+ chosen.get().interfaceName() + "; set discovery.instance.host to override)");
		return host;
	}

	private String hostName(InetAddress address) {
		String name;
		try {
			name = this.hostNames.apply(address);
		}
		catch (RuntimeException ex) {
			name = null;
		}
		if (name == null || name.isBlank() || LOOKUP_TIMED_OUT.equals(name)) {
			logger.warn("Reverse lookup of " + ipAddress(address) + " gave no host name within "
					+ this.inet.getTimeoutSeconds() + "s (spring.cloud.inetutils.timeout-seconds): registering the "
					+ "address instead; set discovery.instance.prefer-ip-address=true to skip the lookup");
			return ipAddress(address);
		}
		return name;
	}

	private static String ipAddress(InetAddress address) {
		// IPv6 literals of interface addresses carry a scope ("%eth0") that means nothing to other hosts.
		String literal = address.getHostAddress();
		int scope = literal.indexOf('%');
		return (scope >= 0) ? literal.substring(0, scope) : literal;
	}

	/**
	 * Picks the best candidate: no loopback, link-local, multicast or bridge address, none that
	 * {@code spring.cloud.inetutils.*} rules out; IPv4 site-local before other IPv4 before IPv6; then the lowest
	 * interface index.
	 * @param candidates the addresses of the interfaces that are up
	 * @return the best candidate, if any is acceptable
	 */
	public Optional<Candidate> choose(List<Candidate> candidates) {
		return candidates.stream()
			.filter((c) -> !c.address().isLoopbackAddress() && !c.address().isLinkLocalAddress()
					&& !c.address().isMulticastAddress() && !c.address().isAnyLocalAddress())
			.filter((c) -> !BRIDGES.matcher(c.interfaceName()).matches() && !ignored(c.interfaceName()))
			.filter((c) -> preferred(c.address()))
			.min(Comparator.comparingInt(HostResolver::rank).thenComparingInt(Candidate::interfaceIndex));
	}

	/** {@code spring.cloud.inetutils.ignored-interfaces}: regular expressions of whole interface names. */
	private boolean ignored(String interfaceName) {
		return this.inet.getIgnoredInterfaces().stream().anyMatch(interfaceName::matches);
	}

	/** {@code use-only-site-local-interfaces}, else {@code preferred-networks}: a regular expression or a prefix. */
	private boolean preferred(InetAddress address) {
		if (this.inet.isUseOnlySiteLocalInterfaces()) {
			return address.isSiteLocalAddress();
		}
		List<String> networks = this.inet.getPreferredNetworks();
		String literal = ipAddress(address);
		return networks.isEmpty()
				|| networks.stream().anyMatch((network) -> literal.matches(network) || literal.startsWith(network));
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
