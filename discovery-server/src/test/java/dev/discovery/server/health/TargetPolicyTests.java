package dev.discovery.server.health;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TargetPolicyTests {

	private static final List<String> DENY = new HealthCheckProperties.Targets().getDeny();

	private final TargetPolicy everyInterface = new TargetPolicy(List.of(), DENY, true, () -> Set.of(8761));

	private final TargetPolicy onLoopback = new TargetPolicy(List.of(), DENY, false, () -> Set.of(8761));

	@Test
	void otherHostsShouldBeCheckedAndLinkLocalNever() throws Exception {
		assertThat(this.everyInterface.refusal(address("10.1.2.3"), 8080)).isNull();
		assertThat(this.everyInterface.refusal(address("2001:db8::1"), 8080)).isNull();
		for (String linkLocal : List.of("169.254.169.254", "::ffff:169.254.169.254", "fe80::1", "febf::1")) {
			assertThat(this.onLoopback.refusal(address(linkLocal), 80)).as(linkLocal).contains("denied range");
		}
	}

	@Test
	void registryOnEveryInterfaceShouldNotCheckItsOwnHost() throws Exception {
		for (String own : List.of("127.0.0.1", "127.9.9.9", "::1", "0.0.0.0", "::")) {
			assertThat(this.everyInterface.refusal(address(own), 8080)).as(own).contains("registry's own host");
		}
	}

	@Test
	void registryOnLoopbackShouldCheckLoopbackButNeverItself() throws Exception {
		assertThat(this.onLoopback.refusal(address("127.0.0.1"), 8080)).isNull();
		assertThat(this.onLoopback.refusal(address("127.0.0.1"), 8761)).endsWith("is the registry itself");
		assertThat(this.onLoopback.refusal("localhost", 8761)).endsWith("is the registry itself");
	}

	@Test
	void allowedRangesShouldBeTheOnlyOnesCheckedAndNeverOverrideDenial() throws Exception {
		TargetPolicy policy = new TargetPolicy(List.of("10.0.0.0/8", "127.0.0.1", "169.254.0.0/16"), DENY, true,
				() -> Set.of(8761));
		assertThat(policy.refusal(address("10.200.0.1"), 8080)).isNull();
		assertThat(policy.refusal(address("127.0.0.1"), 8080)).isNull();
		assertThat(policy.refusal(address("11.0.0.1"), 8080)).contains("outside the allowed ranges");
		assertThat(policy.refusal(address("169.254.169.254"), 80)).contains("denied range");
		assertThat(policy.refusal(address("127.0.0.1"), 8761)).endsWith("is the registry itself");
	}

	@Test
	void rangesShouldBeCidrOfLiteralAddresses() {
		assertThat(AddressRange.parse("10.0.0.0/8").contains(address("10.255.0.1"))).isTrue();
		assertThat(AddressRange.parse("10.0.0.0/9").contains(address("10.128.0.1"))).isFalse();
		assertThat(AddressRange.parse("fe80::/10").contains(address("10.0.0.1"))).isFalse();
		for (String bad : List.of("10.0.0.0/33", "::/129", "example.com", "10.0.0.0/x", "", "10.0.0.0/-1")) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> AddressRange.parse(bad));
		}
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
