package dev.discovery.server.security;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool, and the trust that goes with it.
 */
public final class TestCertificates {

	/** The password of the key store and its key. */
	public static final String PASSWORD = "changeit";

	private TestCertificates() {
	}

	/**
	 * Generates a PKCS12 key store with one EC key pair.
	 * @param dir where to write it
	 * @return the key store file
	 * @throws Exception if keytool fails
	 */
	public static Path keystore(Path dir) throws Exception {
		Path keystore = dir.resolve("registry.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "registry",
				"-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
				"-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
				"-storepass", PASSWORD, "-keypass", PASSWORD))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
		assertThat(Files.exists(keystore)).isTrue();
		return keystore;
	}

	/**
	 * Trust managers that trust the key store's certificate.
	 * @param keystore the key store
	 * @return the factory
	 * @throws Exception if the store cannot be read
	 */
	public static TrustManagerFactory trust(Path keystore) throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			trust.load(in, PASSWORD.toCharArray());
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		return factory;
	}

	/**
	 * An SSL context that trusts the key store's certificate.
	 * @param keystore the key store
	 * @return the context
	 * @throws Exception if the store cannot be read
	 */
	public static SSLContext trusting(Path keystore) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust(keystore).getTrustManagers(), null);
		return context;
	}

}
