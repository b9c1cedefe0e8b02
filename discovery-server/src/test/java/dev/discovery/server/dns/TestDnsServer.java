package dev.discovery.server.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.MutableClock;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

/**
 * A registry and its DNS interface on 127.0.0.1 and a free port, without Spring, for tests that talk DNS to it.
 */
final class TestDnsServer implements AutoCloseable {

	private static final RegistrationValidator VALIDATOR = new RegistrationValidator(new LeaseProperties(), new LimitsProperties(),
			HealthCheckDefaults.standard());

	final Registry registry = new MemoryStore(new MutableClock());

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final DnsServer server;

	TestDnsServer() {
		this(Duration.ZERO);
	}

	TestDnsServer(Duration ttl) {
		this((properties) -> properties.setTtl(ttl));
	}

	TestDnsServer(java.util.function.Consumer<DnsProperties> settings) {
		DnsProperties properties = new DnsProperties();
		properties.setPort(0);
		settings.accept(properties);
		this.server = DnsConfiguration.create(this.registry, properties, this.meters);
		this.server.start();
	}

	int port() {
		return this.server.port();
	}

	void register(String service, String id, String host, int port) {
		register(service, id, host, port, 1, List.of());
	}

	void register(String service, String id, String host, int port, int weight, List<String> tags) {
		InstanceRegistration registration = new InstanceRegistration(host, port, false, Map.of(), tags, null, weight,
				"5m", HealthCheckSpec.ttl(), null);
		this.registry.register(service, id, VALIDATOR.validate(registration));
	}

	SimpleResolver resolver(boolean tcp) {
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port()));
		resolver.setTCP(tcp);
		resolver.setTimeout(Duration.ofSeconds(2));
		return resolver;
	}

	Message query(String name, int type) throws IOException {
		return query(resolver(false), name, type);
	}

	static Message query(SimpleResolver resolver, String name, int type) throws IOException {
		return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
	}

	/** Queries a DNS interface on 127.0.0.1 over UDP. */
	record Client(int port) {

		Message query(String name, int type) throws IOException {
			SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", this.port));
			resolver.setTimeout(Duration.ofSeconds(2));
			return TestDnsServer.query(resolver, name, type);
		}

	}

	@Override
	public void close() {
		this.server.stop();
	}

}
