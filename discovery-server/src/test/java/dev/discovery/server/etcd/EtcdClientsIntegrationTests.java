package dev.discovery.server.etcd;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.discovery.server.cluster.EtcdClusterExtension;
import dev.discovery.server.cluster.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The etcd client as the properties describe it, against a real etcd that takes TLS with client certificates only
 * and has authentication on: an SSL bundle and a user name and password are all it takes.
 */
class EtcdClientsIntegrationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(1, true);

	private static final String PASSWORD = "s3cret-for-tests";

	private static final DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();

	@BeforeAll
	static void enableAuthentication() throws Exception {
		TestCertificates certificates = etcd.certificates();
		bundles.registerBundle("etcd", certificates.clientBundle());
		bundles.registerBundle("trusts-nothing-here", SslBundle.of(new PemSslStoreBundle(null,
				PemSslStoreDetails.forCertificate("file:" + certificates.clientCertificate()))));
		try (Client client = EtcdClients.create(properties("etcd", null, null), bundles)) {
			turnOnAuthentication(client, "root", PASSWORD);
		}
	}

	/**
	 * Turns etcd's authentication on, with one user of the root role.
	 * @param client a client etcd still answers without credentials
	 * @param user the user
	 * @param password its password
	 * @throws Exception if etcd refuses
	 */
	static void turnOnAuthentication(Client client, String user, String password) throws Exception {
		client.getAuthClient().userAdd(bytes(user), bytes(password)).get(10, TimeUnit.SECONDS);
		client.getAuthClient().roleAdd(bytes("root")).get(10, TimeUnit.SECONDS);
		client.getAuthClient().userGrantRole(bytes(user), bytes("root")).get(10, TimeUnit.SECONDS);
		client.getAuthClient().authEnable().get(10, TimeUnit.SECONDS);
	}

	@Test
	void clientWithTheBundleAndTheCredentialsShouldReadAndWrite() throws Exception {
		try (Client client = EtcdClients.create(properties("etcd", "root", PASSWORD), bundles)) {
			client.getKVClient().put(bytes("/clients-tests/key"), bytes("value")).get(10, TimeUnit.SECONDS);
			assertThat(client.getKVClient().get(bytes("/clients-tests/key")).get(10, TimeUnit.SECONDS).getKvs())
				.singleElement()
				.satisfies((kv) -> assertThat(kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo("value"));
		}
	}

	@Test
	void clientWithoutCredentialsShouldBeRefused() {
		try (Client client = EtcdClients.create(properties("etcd", null, null), bundles)) {
			assertThatException().isThrownBy(
					() -> client.getKVClient().put(bytes("/clients-tests/key"), bytes("x")).get(10, TimeUnit.SECONDS));
		}
	}

	@Test
	void clientThatDoesNotTrustTheServerShouldBeRefused() {
		try (Client client = EtcdClients.create(properties("trusts-nothing-here", "root", PASSWORD), bundles)) {
			assertThatException().isThrownBy(
					() -> client.getKVClient().get(bytes("/clients-tests/key")).get(10, TimeUnit.SECONDS));
		}
	}

	@Test
	void endpointsThatAreNotUrlsShouldBeRefusedWithTheProperty() {
		EtcdProperties properties = new EtcdProperties();
		properties.setEndpoints(List.of("127.0.0.1:2379"));
		assertThatIllegalStateException().isThrownBy(() -> EtcdClients.create(properties, null))
			.withMessageContaining("discovery.server.etcd.endpoints");
	}

	private static EtcdProperties properties(String bundle, String username, String password) {
		EtcdProperties properties = new EtcdProperties();
		properties.setEndpoints(List.of(etcd.cluster().endpoints().split(",")));
		properties.setSslBundle(bundle);
		properties.setUsername(username);
		properties.setPassword(password);
		return properties;
	}

	private static io.etcd.jetcd.ByteSequence bytes(String value) {
		return EtcdKeys.bytes(value);
	}

}
