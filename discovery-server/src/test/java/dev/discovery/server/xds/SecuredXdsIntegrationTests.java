package dev.discovery.server.xds;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.server.DiscoveryServerApplication;
import dev.discovery.server.TestTokens;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.security.TestCertificates;

import static dev.discovery.server.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The xDS port guarded like the HTTP API: TLS from the HTTP server's SSL bundle, and bearer tokens with the
 * {@code read} role in the stream's metadata.
 */
class SecuredXdsIntegrationTests {

	@TempDir
	static Path dir;

	private static ConfigurableApplicationContext registry;

	private static ChannelCredentials tls;

	private static int port;

	@BeforeAll
	static void start() throws Exception {
		Path keystore = TestCertificates.keystore(dir);
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.jmx.enabled=false", "--discovery.server.snapshot.enabled=false", "--server.ssl.bundle=registry",
				"--spring.ssl.bundle.jks.registry.keystore.location=file:" + keystore,
				"--spring.ssl.bundle.jks.registry.keystore.password=" + TestCertificates.PASSWORD,
				"--spring.ssl.bundle.jks.registry.keystore.type=PKCS12"));
		args.addAll(TestTokens
			.of(token("mesh", "read-secret", "read"), token("payment", "register-secret", "register", "payment"))
			.args());
		registry = new SpringApplicationBuilder(DiscoveryServerApplication.class).run(args.toArray(String[]::new));
		registry.getBean(Registry.class).register("payment", "payment-1", XdsLimitsIntegrationTests.ttl(9001));
		port = registry.getBean(XdsServer.class).port();
		tls = TlsChannelCredentials.newBuilder().trustManager(TestCertificates.trust(keystore).getTrustManagers()).build();
	}

	@AfterAll
	static void stop() {
		registry.close();
	}

	@Test
	void aReadTokenOverTlsShouldGetResources() {
		try (AdsStream ads = AdsStream.open(port, tls, "read-secret", false)) {
			ads.request(XdsIntegrationTests.CDS, List.of("payment"), "", "");
			DiscoveryResponse clusters = ads.next(XdsIntegrationTests.CDS);
			assertThat(clusters.getResourcesCount()).isEqualTo(1);
		}
	}

	@Test
	void noTokenShouldBeUnauthenticated() throws Exception {
		assertThat(refusal(tls, null).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(refusal(tls, "wrong-secret").getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void aTokenWithoutTheReadRoleShouldBeDenied() throws Exception {
		Status denied = refusal(tls, "register-secret");
		assertThat(denied.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(denied.getDescription()).contains("read role");
	}

	@Test
	void plainTextShouldNotBeServed() throws Exception {
		assertThat(refusal(InsecureChannelCredentials.create(), "read-secret").getCode())
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

	private static Status refusal(ChannelCredentials credentials, @Nullable String token) throws Exception {
		try (AdsStream ads = AdsStream.open(port, credentials, token, false)) {
			ads.request(XdsIntegrationTests.CDS, List.of("payment"), "", "");
			assertThat(ads.next(XdsIntegrationTests.CDS, Duration.ofMillis(500))).isNull();
			return ads.end(Duration.ofSeconds(10));
		}
	}

}
