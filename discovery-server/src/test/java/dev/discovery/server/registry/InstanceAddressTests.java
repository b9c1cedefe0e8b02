package dev.discovery.server.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceAddressTests {

	@Test
	void ipv4ShouldBeWhatTheDottedQuadPatternMatches() {
		Pattern dottedQuad = Pattern
			.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
		Random random = new Random(19);
		String alphabet = "0123456789.0125.9a-";
		List<String> hosts = new ArrayList<>(List.of("0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.",
				".1.2.3.4", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.4.5", "10.0.0.1", "1000.1.1.1", "1.2.3.a", ""));
		for (int i = 0; i < 20_000; i++) {
			StringBuilder host = new StringBuilder();
			for (int length = random.nextInt(16); length > 0; length--) {
				host.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			hosts.add(host.toString());
		}
		for (String host : hosts) {
			assertThat(InstanceAddress.ipv4(host)).as(host).isEqualTo(dottedQuad.matcher(host).matches());
		}
	}

}
