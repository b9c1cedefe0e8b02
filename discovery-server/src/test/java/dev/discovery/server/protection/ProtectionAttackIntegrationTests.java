package dev.discovery.server.protection;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.discovery.server.MutableClock;
import dev.discovery.server.TestClients;
import dev.discovery.server.TestClock;
import dev.discovery.server.TestTokens;
import dev.discovery.server.dns.DnsServer;
import dev.discovery.server.lease.LeaseExpirer;
import dev.discovery.server.registry.Registry;

import static dev.discovery.server.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protection-mode attack of issue 12: a {@code payment-*} token registers 25 two-instance services with 5 s
 * leases and lets them lapse. That must protect only the payment tenant: an {@code order-service} instance that dies
 * meanwhile leaves the API and DNS at its own expiry, and the payment tenant's holds end after the maximum hold. Time
 * is the registry's test clock, so the run takes milliseconds of registry time.
 */
@Import(TestClock.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.dns.port=0", "discovery.server.lease.eviction-interval=1h",
		"discovery.server.health.tick=1h", "discovery.server.limits.write-rate=0" })
class ProtectionAttackIntegrationTests {

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry properties) {
		TestTokens.of(token("payment", "pay-secret", "register", "payment-*"),
				token("order", "order-secret", "register", "order-*"), token("reader", "read-secret", "read"))
			.addTo(properties);
	}

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	LeaseExpirer expirer;

	@Autowired
	Registry registry;

	@Autowired
	DnsServer dns;

	@Test
	void oneTenantsLapsedLeasesShouldNotKeepAnotherTenantsDeadInstancePassing() throws Exception {
		put("order-secret", "/api/v1/services/order-service/instances/order-1",
				"{\"host\":\"10.0.5.1\",\"port\":8080,\"leaseTtl\":\"10s\"}");
		put("order-secret", "/api/v1/services/order-service/instances/order-2",
				"{\"host\":\"10.0.5.2\",\"port\":8080,\"leaseTtl\":\"10s\"}");
		for (int s = 1; s <= 25; s++) {
			for (int i = 1; i <= 2; i++) {
				put("pay-secret", "/api/v1/services/payment-" + s + "/instances/p-" + i,
						"{\"host\":\"10.0.6." + (s * 2 + i) + "\",\"port\":8080,\"leaseTtl\":\"5s\"}");
			}
		}
		// The payment leases lapse together: protection holds part of them, for the payment tenant only.
		this.clock.advance(Duration.ofSeconds(6));
		heartbeat("order-1");
		heartbeat("order-2");
		this.expirer.expire();
		assertThat(report()).containsEntry("registry", null);
		assertThat(tenants()).containsExactly("payment");
		// order-1 dies; order-2 lives on.
		this.clock.advance(Duration.ofSeconds(6));
		heartbeat("order-2");
		this.clock.advance(Duration.ofSeconds(5));
		heartbeat("order-2");
		this.expirer.expire();
		assertThat(passingIds()).containsExactly("order-2");
		assertThat(dnsAddresses("order-service")).containsExactly("10.0.5.2");
		// The payment tenant's holds end: nothing of it stays registered past the maximum hold.
		for (int run = 0; run < 13; run++) {
			this.clock.advance(Duration.ofSeconds(10));
			heartbeat("order-2");
			this.expirer.expire();
		}
		assertThat(this.registry.services()).extracting("name").containsExactly("order-service");
		assertThat(report()).containsEntry("registry", null).containsEntry("tenants", List.of());
	}

	private void put(String token, String path, String body) {
		HttpStatus status = HttpStatus.valueOf(http(token).put().uri(path).contentType(MediaType.APPLICATION_JSON)
			.body(body).retrieve().toBodilessEntity().getStatusCode().value());
		assertThat(status.is2xxSuccessful()).as("%s %s", path, status).isTrue();
	}

	private void heartbeat(String id) {
		put("order-secret", "/api/v1/services/order-service/instances/" + id + "/heartbeat", "{}");
	}

	private Map<String, Object> report() {
		return http("read-secret").get().uri("/api/v1/protection").retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	@SuppressWarnings("unchecked")
	private List<String> tenants() {
		return ((List<Map<String, Object>>) report().get("tenants")).stream().map((t) -> (String) t.get("name"))
			.toList();
	}

	private List<String> passingIds() {
		List<Map<String, Object>> instances = http("read-secret").get()
			.uri("/api/v1/services/order-service/instances")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		return instances.stream().map((i) -> (String) i.get("instanceId")).toList();
	}

	private List<String> dnsAddresses(String service) throws Exception {
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", this.dns.port()));
		resolver.setTimeout(Duration.ofSeconds(5));
		Message answer = resolver.send(Message.newQuery(Record.newRecord(
				Name.fromString(service + ".service.discovery."), Type.A, DClass.IN)));
		return answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
			.map((r) -> ((ARecord) r).getAddress().getHostAddress()).toList();
	}

	private RestClient http(String token) {
		return TestClients.lenient(this.port).mutate().defaultHeader("Authorization", "Bearer " + token).build();
	}

}
