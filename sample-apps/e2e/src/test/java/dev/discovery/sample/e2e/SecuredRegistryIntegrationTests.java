package dev.discovery.sample.e2e;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Jar;
import dev.discovery.sample.e2e.harness.ProcessSpec;
import dev.discovery.sample.e2e.harness.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A registry that serves HTTPS from an SSL bundle and requires bearer tokens: apps get in with
 * {@code discovery.registry.token} and trust it through {@code discovery.registry.ssl-bundle}; an app with a wrong
 * token is refused with a clear message, and one that does not trust the certificate is refused at the handshake.
 */
class SecuredRegistryIntegrationTests {

	@RegisterExtension
	static final Processes processes = new Processes();

	@TempDir
	static Path dir;

	private static AppProcess registry;

	private static AppProcess payment;

	private static AppProcess order;

	private static AppProcess wrongToken;

	private static AppProcess untrusting;

	@BeforeAll
	static void startAll() throws Exception {
		Path keystore = keystore();
		String trustStore = "file:" + keystore;
		registry = processes.start(ProcessSpec.registry("registry")
			.https(trusting(keystore))
			.property("server.ssl.bundle", "registry")
			.property("spring.ssl.bundle.jks.registry.keystore.location", trustStore)
			.property("spring.ssl.bundle.jks.registry.keystore.password", "changeit")
			.property("discovery.server.security.tokens[0].name", "payments")
			.property("discovery.server.security.tokens[0].value", "pay-secret")
			.property("discovery.server.security.tokens[0].roles", "register,read")
			.property("discovery.server.security.tokens[0].services", "payment-service")
			.property("discovery.server.security.tokens[1].name", "orders")
			.property("discovery.server.security.tokens[1].value", "order-secret")
			.property("discovery.server.security.tokens[1].roles", "register,read")
			.property("discovery.server.security.tokens[1].services", "order-service"));
		List<AppProcess> apps = processes.start(
				trusting(ProcessSpec.app(Jar.PAYMENT_SERVICE, "payment-1", registry), trustStore)
					.property("discovery.registry.token", "pay-secret"),
				trusting(ProcessSpec.app(Jar.ORDER_SERVICE, "order-1", registry), trustStore)
					.property("discovery.registry.token", "order-secret"),
				trusting(ProcessSpec.app(Jar.PAYMENT_SERVICE, "payment-wrong-token", registry), trustStore)
					.property("discovery.registry.token", "wrong")
					.property("discovery.fail-fast", "true")
					.launchOnly(),
				ProcessSpec.app(Jar.PAYMENT_SERVICE, "payment-untrusting", registry)
					.property("discovery.registry.token", "pay-secret")
					.property("discovery.fail-fast", "true")
					.launchOnly());
		payment = apps.get(0);
		order = apps.get(1);
		wrongToken = apps.get(2);
		untrusting = apps.get(3);
	}

	@Test
	void appsWithTokensShouldRegisterAndDiscoverEachOtherOverTls() {
		// Registration runs in the background: startup does not wait for the registry.
		await().untilAsserted(() -> assertThat(Samples.known(order, "payment-service")).containsExactly("payment-1"));
		assertThat(Samples.servedBy(order, "/orders/1")).isEqualTo(payment.name());
	}

	@Test
	void appWithWrongTokenShouldBeRefusedByName() {
		assertThat(wrongToken.awaitExit(Duration.ofSeconds(60))).isNotZero();
		assertThat(wrongToken.output()).contains("answered 401 to register");
	}

	@Test
	void appThatDoesNotTrustTheRegistryCertificateShouldBeRefused() {
		assertThat(untrusting.awaitExit(Duration.ofSeconds(60))).as("an app that does not trust the registry")
			.isNotZero();
		assertThat(untrusting.output()).contains(registry.baseUrl());
	}

	private static ProcessSpec trusting(ProcessSpec app, String trustStore) {
		return app.property("discovery.registry.ssl-bundle", "registry-trust")
			.property("spring.ssl.bundle.jks.registry-trust.truststore.location", trustStore)
			.property("spring.ssl.bundle.jks.registry-trust.truststore.password", "changeit");
	}

	private static Path keystore() throws Exception {
		Path keystore = dir.resolve("registry.p12");
		Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
			.toString(), "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-validity",
				"2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
				"-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"))
			.redirectErrorStream(true)
			.start();
		keytool.getInputStream().readAllBytes();
		assertThat(keytool.waitFor()).isZero();
		return keystore;
	}

	private static SSLContext trusting(Path keystore) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "changeit".toCharArray());
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
