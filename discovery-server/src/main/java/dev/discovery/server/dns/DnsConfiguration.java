package dev.discovery.server.dns;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.registry.Registry;

/**
 * The DNS interface, on unless {@code discovery.server.dns.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "discovery.server.dns.enabled", matchIfMissing = true)
class DnsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DnsServer dnsServer(Registry registry, DnsProperties properties, ObjectProvider<MeterRegistry> meters) {
		return create(registry, properties, meters.getIfAvailable());
	}

	static DnsServer create(Registry registry, DnsProperties properties, @Nullable MeterRegistry meters) {
		return new DnsServer(properties, responder(registry, properties, meters));
	}

	static DnsResponder responder(Registry registry, DnsProperties properties, @Nullable MeterRegistry meters) {
		Name origin = origin(properties.getDomain());
		RecordFactory records = new RecordFactory(origin, properties.getTtl().toSeconds());
		Zone zone = new Zone(origin, new ServiceAnswers(registry, records));
		return new DnsResponder(zone, properties.getMaxUdpPayload(), new DnsMetrics(meters));
	}

	private static Name origin(String domain) {
		try {
			return Name.fromString(domain, Name.root);
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException(
					"discovery.server.dns.domain '" + domain + "' is not a DNS name: " + ex.getMessage(), ex);
		}
	}

}
