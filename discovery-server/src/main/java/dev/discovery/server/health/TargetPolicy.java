package dev.discovery.server.health;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Which addresses the registry's health checks (and the connect-back at registration) may reach. A check only ever
 * targets its instance's registered host and port; this decides whether that address is acceptable, so that a
 * registration cannot turn the registry into a proxy to cloud metadata (169.254.169.254), to link-local services, to
 * the registry itself or to other services on its host, nor into a port scanner of those.
 * <p>
 * In order: an address in a denied range is refused; an address and port the registry itself listens on is refused;
 * an address in an allowed range is accepted; with allowed ranges configured, any other address is refused; an
 * address of the registry's own host (loopback, unspecified or an interface address) is refused unless the registry
 * binds loopback ({@code server.address}), where every client is on its host anyway; anything else is accepted.
 */
public class TargetPolicy {

	private static final long OWN_ADDRESSES_REFRESH_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final List<AddressRange> allow;

	private final List<AddressRange> deny;

	private final boolean denyOwnHost;

	private final Supplier<Set<Integer>> ownPorts;

	private volatile Set<InetAddress> ownAddresses = Set.of();

	private volatile long ownAddressesAt = System.nanoTime() - OWN_ADDRESSES_REFRESH_NANOS;

	/**
	 * Creates a policy.
	 * @param allow ranges accepted even on the registry's own host; when not empty, nothing else is accepted
	 * @param deny ranges always refused
	 * @param denyOwnHost whether the addresses of the registry's own host are refused (false when it binds loopback)
	 * @param ownPorts the ports the registry listens on, refused on its own addresses whatever the ranges say
	 */
	public TargetPolicy(List<String> allow, List<String> deny, boolean denyOwnHost, Supplier<Set<Integer>> ownPorts) {
		this.allow = allow.stream().map(AddressRange::parse).toList();
		this.deny = deny.stream().map(AddressRange::parse).toList();
		this.denyOwnHost = denyOwnHost;
		this.ownPorts = ownPorts;
	}

	/**
	 * Why a host and port may not be checked, or {@code null} if they may. A host name is looked up (this may block)
	 * and every address it resolves to must be acceptable; one that does not resolve is left to the check to report.
	 * @param host the registered host
	 * @param port the registered port
	 * @return the reason, or {@code null}
	 */
	public @Nullable String refusal(String host, int port) {
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			return null;
		}
		for (InetAddress address : addresses) {
			String reason = refusal(address, port);
			if (reason != null) {
				return reason;
			}
		}
		return null;
	}

	/**
	 * Why an address and port may not be checked, or {@code null} if they may.
	 * @param address a resolved address
	 * @param port the port
	 * @return the reason, or {@code null}
	 */
	public @Nullable String refusal(InetAddress address, int port) {
		String shown = address.getHostAddress();
		for (AddressRange range : this.deny) {
			if (range.contains(address)) {
				return shown + " is in a denied range (" + range + ")";
			}
		}
		boolean own = isOwn(address);
		if (own && this.ownPorts.get().contains(port)) {
			return shown + ":" + port + " is the registry itself";
		}
		if (this.allow.stream().anyMatch((range) -> range.contains(address))) {
			return null;
		}
		if (!this.allow.isEmpty()) {
			return shown + " is outside the allowed ranges " + this.allow;
		}
		if (own && this.denyOwnHost) {
			return shown + " is an address of the registry's own host (loopback is allowed only when the registry"
					+ " binds loopback)";
		}
		return null;
	}

	private boolean isOwn(InetAddress address) {
		return address.isLoopbackAddress() || address.isAnyLocalAddress() || ownAddresses().contains(address);
	}

	private Set<InetAddress> ownAddresses() {
		long now = System.nanoTime();
		if (now - this.ownAddressesAt >= OWN_ADDRESSES_REFRESH_NANOS) {
			Set<InetAddress> found = new HashSet<>();
			try {
				for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
					found.addAll(Collections.list(network.getInetAddresses()));
				}
				this.ownAddresses = Set.copyOf(found);
			}
			catch (SocketException ex) {
				// Keep what was found before; loopback and unspecified addresses are known without it.
			}
			this.ownAddressesAt = now;
		}
		return this.ownAddresses;
	}

}
