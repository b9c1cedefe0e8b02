package dev.discovery.server.dns;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class DnsConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(DnsConfiguration.class, RegistryBeans.class)
		.withPropertyValues("discovery.server.dns.port=0");

	@Test
	void dnsShouldListenByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(DnsServer.class).port()).isPositive());
	}

	@Test
	void dnsShouldBeSwitchedOffByProperty() {
		this.runner.withPropertyValues("discovery.server.dns.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DnsServer.class));
	}

	@Test
	void domainAndTtlShouldBeConfigurable() {
		this.runner.withPropertyValues("discovery.server.dns.domain=sd.internal", "discovery.server.dns.ttl=7s")
			.run((context) -> {
				context.getBean(Registry.class).register("payment", "payment-1", Registrations.spec("10.0.1.5", 80));
				TestDnsServer.Client client = new TestDnsServer.Client(context.getBean(DnsServer.class).port());
				assertThat(client.query("payment.service.sd.internal.", Type.A).getSection(org.xbill.DNS.Section.ANSWER))
					.singleElement()
					.satisfies((record) -> assertThat(record.getTTL()).isEqualTo(7));
			});
	}

	@Test
	void invalidDomainShouldFailStartupNamingTheProperty() {
		this.runner.withPropertyValues("discovery.server.dns.domain=a..b")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("a..b"));
	}

	@Test
	void takenPortShouldFailStartupNamingTheProperty() throws Exception {
		try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			this.runner.withPropertyValues("discovery.server.dns.port=" + taken.getLocalPort())
				.run((context) -> assertThat(context).getFailure()
					.hasStackTraceContaining("discovery.server.dns.port"));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DnsProperties.class)
	static class RegistryBeans {

		@Bean
		Registry registry() {
			return new MemoryStore(Clock.systemUTC());
		}

	}

}
