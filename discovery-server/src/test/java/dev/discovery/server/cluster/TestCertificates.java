package dev.discovery.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A throwaway certificate authority with a server certificate for 127.0.0.1 and a client certificate, made with the
 * JDK's {@code keytool} (nothing to install), written as PEM files the way etcd and Spring Boot's PEM SSL bundles
 * take them.
 *
 * @param ca the authority's certificate
 * @param serverCertificate the server's certificate (for 127.0.0.1)
 * @param serverKey the server's private key (PKCS#8)
 * @param clientCertificate the client's certificate
 * @param clientKey the client's private key (PKCS#8)
 * @param clientKeyStore the client's key and certificate as a PKCS#12 key store, password {@link #PASSWORD}
 */
public record TestCertificates(Path ca, Path serverCertificate, Path serverKey, Path clientCertificate, Path clientKey,
		Path clientKeyStore) {

	public static final String PASSWORD = "changeit";

	/**
	 * Makes a new authority and two certificates in a directory.
	 * @param directory where the files go; created if needed
	 * @return the files
	 */
	public static TestCertificates create(Path directory) {
		try {
			Files.createDirectories(directory);
			try (var old = Files.list(directory)) {
				for (Path file : old.toList()) {
					Files.delete(file);
				}
			}
			Path caStore = directory.resolve("ca.p12");
			Path ca = directory.resolve("ca.pem");
			keytool(directory, "-genkeypair", "-keystore", caStore, "-alias", "ca", "-dname", "CN=discovery-test-ca",
					"-ext", "bc:c");
			keytool(directory, "-exportcert", "-rfc", "-keystore", caStore, "-alias", "ca", "-file", ca);
			Path[] server = signed(directory, caStore, "server", "-ext", "san=ip:127.0.0.1", "-ext",
					"eku=serverAuth,clientAuth");
			Path[] client = signed(directory, caStore, "client", "-ext", "eku=clientAuth");
			return new TestCertificates(ca, server[0], server[1], client[0], client[1], client[2]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An SSL context that trusts the authority and presents the client certificate. */
	public SSLContext clientContext() {
		try {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(this.clientKeyStore)) {
				keys.load(in, PASSWORD.toCharArray());
			}
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keys, PASSWORD.toCharArray());
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			try (InputStream in = Files.newInputStream(this.ca)) {
				trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
			}
			TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A Spring Boot SSL bundle, from the PEM files, that trusts the authority and presents the client certificate. */
	public SslBundle clientBundle() {
		return SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate("file:" + this.clientCertificate).withPrivateKey("file:" + this.clientKey),
				PemSslStoreDetails.forCertificate("file:" + this.ca)));
	}

	/** A key pair signed by the authority: certificate PEM, key PEM, PKCS#12 store. */
	private static Path[] signed(Path directory, Path caStore, String name, String... extensions) throws IOException {
		Path store = directory.resolve(name + ".p12");
		Path request = directory.resolve(name + ".csr");
		Path certificate = directory.resolve(name + ".pem");
		keytool(directory, "-genkeypair", "-keystore", store, "-alias", name, "-dname", "CN=127.0.0.1");
		keytool(directory, "-certreq", "-keystore", store, "-alias", name, "-file", request);
		List<Object> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-keystore", caStore, "-alias", "ca",
				"-infile", request, "-outfile", certificate));
		gencert.addAll(List.of((Object[]) extensions));
		keytool(directory, gencert.toArray());
		// The store's own certificate becomes the signed one, so TLS clients offer it to servers that ask for the CA.
		keytool(directory, "-importcert", "-noprompt", "-keystore", store, "-alias", "ca", "-file",
				directory.resolve("ca.pem"));
		keytool(directory, "-importcert", "-noprompt", "-keystore", store, "-alias", name, "-file", certificate);
		Path key = directory.resolve(name + ".key");
		Files.writeString(key, privateKeyPem(store, name));
		return new Path[] { certificate, key, store };
	}

	private static String privateKeyPem(Path store, String alias) throws IOException {
		try (InputStream in = Files.newInputStream(store)) {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(in, PASSWORD.toCharArray());
			Key key = keys.getKey(alias, PASSWORD.toCharArray());
			String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(key.getEncoded());
			return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void keytool(Path directory, Object... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		// A dozen short JVMs: start each as cheaply as possible.
		command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
		for (Object argument : arguments) {
			command.add(argument.toString());
		}
		command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
		if (command.contains("-genkeypair")) {
			command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
		}
		if (command.contains("-gencert")) {
			command.addAll(List.of("-validity", "2"));
		}
		Path log = directory.resolve("keytool.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IOException("keytool failed: " + String.join(" ", command) + "; see " + log);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
