package dev.discovery.client.serviceregistry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.discovery.client.serviceregistry.HostResolver.Candidate;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;

import static org.assertj.core.api.Assertions.assertThat;

class HostResolverTests {

	private final InetUtilsProperties inet = new InetUtilsProperties();

	private final List<String> lookedUp = new CopyOnWriteArrayList<>();

	private final HostResolver resolver = new HostResolver(this.inet, (address) -> {
		this.lookedUp.add(address.getHostAddress());
		return "host-" + address.getHostAddress().replace('.', '-');
	});

	@Test
	void chooseShouldSkipLoopbackAndContainerBridges() {
		Candidate docker = candidate("docker0", 1, "172.17.0.1");
		Candidate veth = candidate("veth12ab", 2, "172.18.0.1");
		Candidate loopback = candidate("lo", 0, "127.0.0.1");
		Candidate eth = candidate("eth0", 5, "192.168.1.20");
		assertThat(this.resolver.choose(List.of(docker, veth, loopback, eth))).contains(eth);
	}

	@Test
	void chooseShouldPreferSiteLocalIpv4() {
		Candidate v6 = candidate("eth0", 1, "2001:db8::1");
		Candidate publicV4 = candidate("eth1", 2, "203.0.113.7");
		Candidate siteLocal = candidate("eth2", 3, "10.0.1.5");
		assertThat(this.resolver.choose(List.of(v6, publicV4, siteLocal))).contains(siteLocal);
		assertThat(this.resolver.choose(List.of(v6, publicV4))).contains(publicV4);
	}

	@Test
	void chooseShouldPreferLowerInterfaceIndex() {
		Candidate second = candidate("eth1", 3, "10.0.2.5");
		Candidate first = candidate("eth0", 2, "10.0.1.5");
		assertThat(this.resolver.choose(List.of(second, first))).contains(first);
	}

	@Test
	void chooseShouldSkipLinkLocal() {
		assertThat(this.resolver.choose(List.of(candidate("eth0", 1, "169.254.3.4")))).isEmpty();
	}

	@Test
	void ignoredInterfacesShouldBeSkippedAsWholeNameRegularExpressions() {
		this.inet.setIgnoredInterfaces(List.of("eth0", "ens.*"));
		Candidate eth0 = candidate("eth0", 1, "10.0.1.5");
		Candidate ens = candidate("ens3", 2, "10.0.2.5");
		Candidate eth10 = candidate("eth10", 3, "10.0.3.5");
		assertThat(this.resolver.choose(List.of(eth0, ens, eth10))).contains(eth10);
	}

	@Test
	void preferredNetworksShouldAcceptAPrefixOrARegularExpression() {
		Candidate first = candidate("eth0", 1, "10.0.1.5");
		Candidate second = candidate("eth1", 2, "192.168.7.9");
		Candidate third = candidate("eth2", 3, "172.20.0.4");
		this.inet.setPreferredNetworks(List.of("192.168"));
		assertThat(this.resolver.choose(List.of(first, second, third))).contains(second);
		this.inet.setPreferredNetworks(List.of("172\\.2[0-9]\\..*"));
		assertThat(this.resolver.choose(List.of(first, second, third))).contains(third);
		this.inet.setPreferredNetworks(List.of("192.0.2"));
		assertThat(this.resolver.choose(List.of(first, second, third))).isEmpty();
	}

	@Test
	void onlySiteLocalInterfacesShouldRuleOutPublicAddresses() {
		this.inet.setUseOnlySiteLocalInterfaces(true);
		Candidate publicV4 = candidate("eth0", 1, "203.0.113.7");
		assertThat(this.resolver.choose(List.of(publicV4))).isEmpty();
	}

	@Test
	void resolveShouldPreferConfiguredHostThenServerAddress() throws UnknownHostException {
		assertThat(this.resolver.resolve("payments.internal", true, InetAddress.getByName("127.0.0.1")))
			.isEqualTo("payments.internal");
		assertThat(this.resolver.resolve(null, false, InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
		assertThat(this.lookedUp).isEmpty();
	}

	@Test
	void explicitHostShouldWinOverInetUtilsSettings() {
		this.inet.setIgnoredInterfaces(List.of(".*"));
		assertThat(this.resolver.resolve("payments.internal", false, null, () -> List.of(candidate("eth0", 1,
				"10.0.1.5")))).isEqualTo("payments.internal");
	}

	@Test
	void resolveShouldIgnoreWildcardServerAddress() throws UnknownHostException {
		assertThat(this.resolver.resolve(null, true, InetAddress.getByName("0.0.0.0"), () -> List.of(candidate("eth0",
				1, "10.0.1.5")))).isEqualTo("10.0.1.5");
	}

	@Test
	void hostNameShouldComeFromTheReverseLookup() {
		assertThat(this.resolver.resolve(null, false, null, () -> List.of(candidate("eth0", 1, "10.0.1.5"))))
			.isEqualTo("host-10-0-1-5");
		assertThat(this.resolver.resolve(null, true, null, () -> List.of(candidate("eth0", 1, "10.0.1.6"))))
			.isEqualTo("10.0.1.6");
		assertThat(this.lookedUp).containsExactly("10.0.1.5");
	}

	/** InetUtils answers "localhost" when its lookup ran out of spring.cloud.inetutils.timeout-seconds. */
	@Test
	void aReverseLookupThatTimedOutShouldRegisterTheAddress() {
		HostResolver timingOut = new HostResolver(this.inet, (address) -> "localhost");
		assertThat(timingOut.resolve(null, false, null, () -> List.of(candidate("eth0", 1, "10.0.1.5"))))
			.isEqualTo("10.0.1.5");
		HostResolver failing = new HostResolver(this.inet, (address) -> {
			throw new IllegalStateException("resolver down");
		});
		assertThat(failing.resolve(null, false, null, () -> List.of(candidate("eth0", 1, "10.0.1.5"))))
			.isEqualTo("10.0.1.5");
	}

	@Test
	void inetUtilsShouldBoundTheLookupAndAnswerForAnAddress() throws Exception {
		this.inet.setTimeoutSeconds(1);
		try (InetUtils inetUtils = new InetUtils(this.inet)) {
			HostResolver real = new HostResolver(inetUtils, this.inet);
			String host = real.resolve(null, false, null, () -> List.of(candidate("eth0", 1, "10.0.1.5")));
			// Whatever the machine's resolver knows of 10.0.1.5: its name, the address itself, never "localhost".
			assertThat(host).isNotBlank().isNotEqualTo("localhost");
		}
	}

	@Test
	void noUsableInterfaceShouldRegisterSpringCloudsDefaults() {
		this.inet.setDefaultIpAddress("10.9.9.9");
		this.inet.setDefaultHostname("fallback.internal");
		List<Candidate> onlyDocker = List.of(candidate("docker0", 1, "172.17.0.1"));
		assertThat(this.resolver.resolve(null, true, null, () -> onlyDocker)).isEqualTo("10.9.9.9");
		assertThat(this.resolver.resolve(null, false, null, () -> onlyDocker)).isEqualTo("fallback.internal");
	}

	/** An interface address; literals only, so no lookup happens. */
	private static Candidate candidate(String name, int index, String address) {
		try {
			return new Candidate(name, index, InetAddress.getByName(address));
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(address, ex);
		}
	}

}
