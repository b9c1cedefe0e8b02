package dev.discovery.sample;

import java.nio.file.Path;
import java.util.List;

import dev.discovery.sample.payment.PaymentServiceApplication;
import dev.discovery.server.DiscoveryServerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * TLS end to end: the registry serves https from an SSL bundle, and the starter trusts it through
 * {@code discovery.registry.ssl-bundle}; without that trust the app is refused at the handshake.
 */
class TlsRegistryIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void appShouldRegisterOverTlsWithTrustedBundle() throws Exception {
		Path keystore = this.dir.resolve("registry.p12");
		Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
			.toString(), "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-validity",
				"2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
				"-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"))
			.redirectErrorStream(true)
			.start();
		keytool.getInputStream().readAllBytes();
		assertThat(keytool.waitFor()).isZero();
		String bundle = "--spring.ssl.bundle.jks.registry.keystore.location=file:" + keystore;
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(DiscoveryServerApplication.class)
			.run("--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
					"--discovery.server.snapshot.enabled=false", "--discovery.enabled=false",
					"--discovery.health-endpoints.enabled=false", "--server.ssl.bundle=registry", bundle,
					"--spring.ssl.bundle.jks.registry.keystore.password=changeit")) {
			String url = "--discovery.registry.url=https://localhost:" + SampleAppsIntegrationTests.port(server);
			try (ConfigurableApplicationContext payment = PaymentServiceApplication.builder()
				.run(SampleAppsIntegrationTests.appArgs(url, "--discovery.registry.ssl-bundle=registry-trust",
						"--spring.ssl.bundle.jks.registry-trust.truststore.location=file:" + keystore,
						"--spring.ssl.bundle.jks.registry-trust.truststore.password=changeit"))) {
				// Registration runs in the background: startup does not wait for the registry.
				await().untilAsserted(() -> assertThat(payment.getBean(DiscoveryClient.class).getInstances("payment-service"))
					.hasSize(1));
			}
			assertThatException().as("an app that does not trust the registry's certificate")
				.isThrownBy(() -> PaymentServiceApplication.builder()
					.run(SampleAppsIntegrationTests.appArgs(url, "--discovery.fail-fast=true")))
				.withStackTraceContaining("https://localhost");
		}
	}

}
