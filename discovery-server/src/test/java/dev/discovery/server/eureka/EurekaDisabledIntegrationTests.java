package dev.discovery.server.eureka;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.discovery.server.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.eureka.enabled=false", "discovery.server.xds.enabled=false",
		"discovery.server.dns.enabled=false" })
class EurekaDisabledIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void disabledApiShouldNotBeServed() {
		assertThat(this.context.getBeansOfType(EurekaReadController.class)).isEmpty();
		assertThat(this.context.getBeansOfType(DeltaWindow.class)).isEmpty();
		assertThat(TestClients.lenient(this.port).get().uri("/eureka/apps").accept(MediaType.APPLICATION_JSON)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(TestClients.lenient(this.port).put().uri("/eureka/apps/A/b").retrieve().toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

}
