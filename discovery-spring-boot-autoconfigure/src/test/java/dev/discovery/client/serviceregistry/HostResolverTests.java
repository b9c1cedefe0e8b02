package dev.discovery.client.serviceregistry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import dev.discovery.client.serviceregistry.HostResolver.Candidate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostResolverTests {

	@Test
	void chooseShouldSkipLoopbackAndContainerBridges() throws UnknownHostException {
		Candidate docker = candidate("docker0", 1, "172.17.0.1");
		Candidate veth = candidate("veth12ab", 2, "172.18.0.1");
		Candidate loopback = candidate("lo", 0, "127.0.0.1");
		Candidate eth = candidate("eth0", 5, "192.168.1.20");
		assertThat(HostResolver.choose(List.of(docker, veth, loopback, eth))).contains(eth);
	}

	@Test
	void chooseShouldPreferSiteLocalIpv4() throws UnknownHostException {
		Candidate v6 = candidate("eth0", 1, "2001:db8::1");
		Candidate publicV4 = candidate("eth1", 2, "203.0.113.7");
		Candidate siteLocal = candidate("eth2", 3, "10.0.1.5");
		assertThat(HostResolver.choose(List.of(v6, publicV4, siteLocal))).contains(siteLocal);
		assertThat(HostResolver.choose(List.of(v6, publicV4))).contains(publicV4);
	}

	@Test
	void chooseShouldPreferLowerInterfaceIndex() throws UnknownHostException {
		Candidate second = candidate("eth1", 3, "10.0.2.5");
		Candidate first = candidate("eth0", 2, "10.0.1.5");
		assertThat(HostResolver.choose(List.of(second, first))).contains(first);
	}

	@Test
	void chooseShouldSkipLinkLocal() throws UnknownHostException {
		assertThat(HostResolver.choose(List.of(candidate("eth0", 1, "169.254.3.4")))).isEmpty();
	}

	@Test
	void resolveShouldPreferConfiguredHostThenServerAddress() throws UnknownHostException {
		assertThat(HostResolver.resolve("payments.internal", true, InetAddress.getByName("127.0.0.1")))
			.isEqualTo("payments.internal");
		assertThat(HostResolver.resolve(null, false, InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
	}

	@Test
	void resolveShouldIgnoreWildcardServerAddress() throws UnknownHostException {
		assertThat(HostResolver.resolve(null, true, InetAddress.getByName("0.0.0.0"))).isNotEqualTo("0.0.0.0");
	}

	private static Candidate candidate(String name, int index, String address) throws UnknownHostException {
		return new Candidate(name, index, InetAddress.getByName(address));
	}

}
