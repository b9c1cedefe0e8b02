package dev.discovery.server.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.discovery.protocol.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DNS interface as {@code dig} sees it, with the commands the README gives.
 */
class DigTests {

	private Path dig;

	private TestDnsServer dns;

	@BeforeEach
	void start() {
		this.dig = ExternalPrograms.require("dig", "dnsutils");
		this.dns = new TestDnsServer();
	}

	@AfterEach
	void stop() {
		if (this.dns != null) {
			this.dns.close();
		}
	}

	@Test
	void aQueryShouldListPassingAddresses() throws Exception {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		this.dns.register("payment", "payment-2", "10.0.1.6", 8080);
		this.dns.register("payment", "payment-3", "10.0.1.7", 8080);
		this.dns.registry.setStatus("payment", "payment-3", InstanceStatus.OUT_OF_SERVICE);
		assertThat(dig("payment.service.discovery", "A", "+short")).containsExactlyInAnyOrder("10.0.1.5", "10.0.1.6");
	}

	@Test
	void srvQueryShouldShowPriorityWeightPortAndTarget() throws Exception {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8081, 30, List.of());
		assertThat(dig("_payment._tcp.service.discovery", "SRV", "+short"))
			.containsExactly("1 30 8081 payment-1.payment.instance.discovery.");
		assertThat(dig("payment-1.payment.instance.discovery", "A", "+short")).containsExactly("10.0.1.5");
	}

	@Test
	void unknownServiceShouldBeNxDomain() throws Exception {
		assertThat(String.join("\n", dig("orders.service.discovery", "A"))).contains("status: NXDOMAIN")
			.contains("flags: qr aa");
	}

	@Test
	void largeAnswersShouldBeTruncatedOverUdpAndRetriedOverTcp() throws Exception {
		for (int i = 1; i <= 60; i++) {
			this.dns.register("payment", "payment-" + i, "10.0.3." + i, 8080);
		}
		List<String> udpOnly = dig("_payment._tcp.service.discovery", "SRV", "+ignore", "+noedns");
		assertThat(String.join("\n", udpOnly)).containsPattern("flags: qr aa rd tc;|flags: qr tc aa rd;|\\btc\\b");
		List<String> retried = dig("_payment._tcp.service.discovery", "SRV", "+short");
		assertThat(retried).hasSize(60);
		assertThat(dig("_payment._tcp.service.discovery", "SRV", "+short", "+tcp")).hasSize(60);
	}

	private List<String> dig(String name, String type, String... options) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.dig.toString(), "@127.0.0.1", "-p",
				Integer.toString(this.dns.port()), name, type, "+time=2", "+tries=1"));
		command.addAll(List.of(options));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("dig finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output.lines().filter((line) -> !line.isBlank()).toList();
	}

}
