package dev.discovery.server.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.server.DiscoveryServerApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry served over TLS through a Spring Boot SSL bundle, with a certificate generated for the test.
 */
class TlsIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void registryShouldServeTlsFromAnSslBundle() throws Exception {
		Path keystore = TestCertificates.keystore(this.dir);
		try (ConfigurableApplicationContext registry = new SpringApplicationBuilder(DiscoveryServerApplication.class)
			.run("--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
					"--discovery.server.snapshot.enabled=false", "--server.ssl.bundle=registry",
					"--spring.ssl.bundle.jks.registry.keystore.location=file:" + keystore,
					"--spring.ssl.bundle.jks.registry.keystore.password=changeit",
					"--spring.ssl.bundle.jks.registry.keystore.type=PKCS12")) {
			int port = ((WebServerApplicationContext) registry).getWebServer().getPort();
			URI uri = URI.create("https://localhost:" + port + "/api/v1/services/payment/instances/p-1");
			HttpRequest register = HttpRequest.newBuilder(uri)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"host\":\"127.0.0.1\",\"port\":8443,\"secure\":true}"))
				.build();
			HttpClient trusting = HttpClient.newBuilder().sslContext(TestCertificates.trusting(keystore)).build();
			HttpResponse<String> response = trusting.send(register, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(201);
			assertThat(response.body()).contains("\"secure\":true");
			assertThatExceptionOfType(SSLHandshakeException.class).as("a client that does not trust the certificate")
				.isThrownBy(() -> HttpClient.newHttpClient().send(register, HttpResponse.BodyHandlers.ofString()));
		}
	}

}
