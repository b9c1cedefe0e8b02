package dev.discovery.server.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DNS interface through dnsjava's resolver, over real UDP and TCP sockets.
 */
class DnsServerTests {

	private final TestDnsServer dns = new TestDnsServer();

	@AfterEach
	void stop() {
		this.dns.close();
	}

	@Test
	void aQueryShouldListPassingInstancesOnly() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		this.dns.register("payment", "payment-2", "10.0.1.6", 8080);
		this.dns.register("payment", "payment-3", "10.0.1.7", 8080);
		this.dns.registry.setStatus("payment", "payment-2", InstanceStatus.OUT_OF_SERVICE);
		this.dns.registry.setHealth("payment", "payment-3", HealthState.CRITICAL, "connection refused");
		Message response = this.dns.query("payment.service.discovery.", Type.A);
		assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
		assertThat(addresses(response)).containsExactly("10.0.1.5");
	}

	@Test
	void healthChangesShouldShowInTheNextAnswer() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		this.dns.register("payment", "payment-2", "10.0.1.6", 8080);
		assertThat(addresses(this.dns.query("payment.service.discovery.", Type.A))).hasSize(2);
		this.dns.registry.setHealth("payment", "payment-1", HealthState.CRITICAL, "timeout");
		assertThat(addresses(this.dns.query("payment.service.discovery.", Type.A))).containsExactly("10.0.1.6");
		this.dns.registry.setHealth("payment", "payment-1", HealthState.PASSING, "ok");
		this.dns.registry.deregister("payment", "payment-2");
		assertThat(addresses(this.dns.query("payment.service.discovery.", Type.A))).containsExactly("10.0.1.5");
	}

	@Test
	void srvShouldCarryWeightPortAndATargetThatResolves() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8081, 30, List.of());
		this.dns.register("payment", "payment-2", "10.0.1.5", 8082, 70, List.of());
		Message response = this.dns.query("_payment._tcp.service.discovery.", Type.SRV);
		List<SRVRecord> srv = records(response, Section.ANSWER, SRVRecord.class);
		assertThat(srv).extracting(SRVRecord::getPort).containsExactlyInAnyOrder(8081, 8082);
		SRVRecord first = srv.stream().filter((r) -> r.getPort() == 8081).findFirst().orElseThrow();
		assertThat(first.getWeight()).isEqualTo(30);
		assertThat(first.getPriority()).isEqualTo(1);
		assertThat(first.getTarget()).hasToString("payment-1.payment.instance.discovery.");
		assertThat(records(response, Section.ADDITIONAL, ARecord.class)).extracting(Record::getName)
			.extracting(Object::toString)
			.containsExactlyInAnyOrder("payment-1.payment.instance.discovery.", "payment-2.payment.instance.discovery.");
		Message target = this.dns.query(first.getTarget().toString(), Type.A);
		assertThat(addresses(target)).containsExactly("10.0.1.5");
	}

	@Test
	void serviceNameShouldAlsoAnswerSrv() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8081);
		Message response = this.dns.query("payment.service.discovery.", Type.SRV);
		assertThat(records(response, Section.ANSWER, SRVRecord.class)).extracting(SRVRecord::getPort)
			.containsExactly(8081);
	}

	@Test
	void tagShouldFilterInstances() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080, 1, List.of("blue"));
		this.dns.register("payment", "payment-2", "10.0.1.6", 8080, 1, List.of("green", "Canary"));
		assertThat(addresses(this.dns.query("blue.payment.service.discovery.", Type.A))).containsExactly("10.0.1.5");
		assertThat(addresses(this.dns.query("canary.payment.service.discovery.", Type.A)))
			.containsExactly("10.0.1.6");
		assertThat(this.dns.query("red.payment.service.discovery.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
	}

	@Test
	void unknownNamesShouldBeNxDomainWithTheZoneSoa() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		for (String name : List.of("orders.service.discovery.", "payment.services.discovery.",
				"payment-9.payment.instance.discovery.", "a.b.c.d.discovery.", "_payment._udp.service.discovery.")) {
			Message response = this.dns.query(name, Type.A);
			assertThat(response.getRcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
			assertThat(records(response, Section.AUTHORITY, SOARecord.class)).as(name).hasSize(1);
		}
	}

	@Test
	void namesWithNamesBelowThemShouldExistWithoutRecords() throws IOException {
		// NXDOMAIN would say nothing exists below (RFC 8020): resolvers that minimise query names (RFC 9156) would
		// then never ask for payment.service.discovery.
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		for (String name : List.of("service.discovery.", "instance.discovery.", "_tcp.service.discovery.",
				"payment.instance.discovery.", "Service.Discovery.")) {
			for (int type : new int[] { Type.A, Type.NS, Type.SRV }) {
				Message response = this.dns.query(name, type);
				assertThat(response.getRcode()).as(name).isEqualTo(Rcode.NOERROR);
				assertThat(response.getSection(Section.ANSWER)).as(name).isEmpty();
				assertThat(records(response, Section.AUTHORITY, SOARecord.class)).as(name).hasSize(1);
			}
		}
		assertThat(this.dns.query("orders.instance.discovery.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
		assertThat(this.dns.query("_udp.service.discovery.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
		assertThat(this.dns.query("other.discovery.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
	}

	@Test
	void otherTypesShouldAnswerNoErrorWithNoRecords() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		for (int type : new int[] { Type.TXT, Type.MX, Type.AAAA, Type.CAA }) {
			Message response = this.dns.query("payment.service.discovery.", type);
			assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
			assertThat(response.getSection(Section.ANSWER)).isEmpty();
		}
		assertThat(this.dns.query("_payment._tcp.service.discovery.", Type.A).getSection(Section.ANSWER)).isEmpty();
	}

	@Test
	void namesOutsideTheDomainShouldBeRefused() throws IOException {
		assertThat(this.dns.query("example.com.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
	}

	@Test
	void apexShouldAnswerSoa() throws IOException {
		assertThat(records(this.dns.query("discovery.", Type.SOA), Section.ANSWER, SOARecord.class)).hasSize(1);
	}

	@Test
	void namesShouldMatchWhateverTheirCase() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		assertThat(addresses(this.dns.query("PAYMENT.Service.DISCOVERY.", Type.A))).containsExactly("10.0.1.5");
	}

	@Test
	void ipv6InstancesShouldAnswerAaaa() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		this.dns.register("payment", "payment-2", "fd00::5", 8080);
		assertThat(addresses(this.dns.query("payment.service.discovery.", Type.A))).containsExactly("10.0.1.5");
		assertThat(records(this.dns.query("payment.service.discovery.", Type.AAAA), Section.ANSWER, AAAARecord.class))
			.extracting((r) -> r.getAddress().getHostAddress())
			.containsExactly("fd00:0:0:0:0:0:0:5");
	}

	@Test
	void hostNameInstancesShouldBeSrvTargetsAndCnames() throws IOException {
		this.dns.register("payment", "payment-1", "pay1.example.com", 8080);
		SRVRecord srv = records(this.dns.query("_payment._tcp.service.discovery.", Type.SRV), Section.ANSWER,
				SRVRecord.class)
			.get(0);
		assertThat(srv.getTarget()).hasToString("pay1.example.com.");
		assertThat(this.dns.query("payment.service.discovery.", Type.A).getSection(Section.ANSWER)).isEmpty();
		assertThat(records(this.dns.query("payment-1.payment.instance.discovery.", Type.A), Section.ANSWER,
				CNAMERecord.class))
			.extracting((r) -> r.getTarget().toString())
			.containsExactly("pay1.example.com.");
	}

	@Test
	void ttlShouldBeTheConfiguredOne() throws IOException {
		try (TestDnsServer withTtl = new TestDnsServer(Duration.ofSeconds(5))) {
			withTtl.register("payment", "payment-1", "10.0.1.5", 8080);
			assertThat(withTtl.query("payment.service.discovery.", Type.A).getSection(Section.ANSWER))
				.extracting(Record::getTTL)
				.containsExactly(5L);
		}
	}

	@Test
	void tcpShouldAnswerLikeUdp() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		Message response = TestDnsServer.query(this.dns.resolver(true), "payment.service.discovery.", Type.A);
		assertThat(addresses(response)).containsExactly("10.0.1.5");
	}

	@Test
	void answersTooLargeForUdpShouldBeTruncatedAndCompleteOverTcp() throws IOException {
		for (int i = 1; i <= 100; i++) {
			this.dns.register("payment", "payment-" + i, "10.0.2." + i, 8080);
		}
		SimpleResolver udpOnly = this.dns.resolver(false);
		udpOnly.setIgnoreTruncation(true);
		Message truncated = TestDnsServer.query(udpOnly, "_payment._tcp.service.discovery.", Type.SRV);
		assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
		assertThat(truncated.numBytes()).isLessThanOrEqualTo(1232);
		// dnsjava's resolver retries a truncated answer over TCP, as resolvers do.
		Message complete = this.dns.query("_payment._tcp.service.discovery.", Type.SRV);
		assertThat(complete.getHeader().getFlag(Flags.TC)).isFalse();
		assertThat(records(complete, Section.ANSWER, SRVRecord.class)).hasSize(100);
		assertThat(records(complete, Section.ADDITIONAL, ARecord.class)).hasSize(100);
	}

	@Test
	void responsesShouldBeCountedByTransportAndCode() throws IOException {
		for (int i = 1; i <= 100; i++) {
			this.dns.register("payment", "payment-" + i, "10.0.2." + i, 8080);
		}
		this.dns.register("orders", "orders-1", "10.0.3.1", 8080);
		this.dns.query("orders.service.discovery.", Type.A);
		this.dns.query("inventory.service.discovery.", Type.A);
		// Truncated over UDP, then asked again over TCP.
		this.dns.query("_payment._tcp.service.discovery.", Type.SRV);
		assertThat(count("udp", "NOERROR")).isEqualTo(2);
		assertThat(count("udp", "NXDOMAIN")).isEqualTo(1);
		assertThat(count("tcp", "NOERROR")).isEqualTo(1);
		assertThat(this.dns.meters.get("discovery.dns.truncated").counter().count()).isEqualTo(1);
	}

	private double count(String transport, String rcode) {
		return this.dns.meters.get("discovery.dns.responses")
			.tag("transport", transport)
			.tag("rcode", rcode)
			.counter()
			.count();
	}

	static List<String> addresses(Message response) {
		return records(response, Section.ANSWER, ARecord.class).stream()
			.map((r) -> r.getAddress().getHostAddress())
			.toList();
	}

	static <T extends Record> List<T> records(Message response, int section, Class<T> type) {
		return response.getSection(section).stream().filter(type::isInstance).map(type::cast).toList();
	}

}
