package dev.discovery.server.dns;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server: what is registered over HTTP is found over DNS.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.dns.port=0" })
class DnsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	DnsServer dns;

	@Test
	void instancesRegisteredOverHttpShouldResolveOverDns() throws Exception {
		RestClient http = RestClient.create("http://127.0.0.1:" + this.port);
		http.put()
			.uri("/api/v1/services/inventory/instances/inventory-1")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"host\":\"10.0.4.1\",\"port\":8080,\"healthCheck\":{\"type\":\"TTL\"}}")
			.retrieve()
			.toBodilessEntity();
		TestDnsServer.Client client = new TestDnsServer.Client(this.dns.port());
		assertThat(DnsServerTests.addresses(client.query("inventory.service.discovery.", Type.A)))
			.containsExactly("10.0.4.1");
		http.put()
			.uri("/api/v1/services/inventory/instances/inventory-1/status")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"status\":\"OUT_OF_SERVICE\"}")
			.retrieve()
			.toBodilessEntity();
		assertThat(DnsServerTests.addresses(client.query("inventory.service.discovery.", Type.A))).isEmpty();
	}

}
