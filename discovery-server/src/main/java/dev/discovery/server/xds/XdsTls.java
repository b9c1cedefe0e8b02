package dev.discovery.server.xds;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;

/**
 * TLS for the xDS port, from the same SSL bundle as the HTTP server unless {@code discovery.server.xds.ssl-bundle}
 * names another.
 */
final class XdsTls {

	private XdsTls() {
	}

	/**
	 * The credentials the xDS port serves with.
	 * @param bundleName the bundle named for the xDS port, if any
	 * @param serverSsl the HTTP server's TLS settings, if any
	 * @param bundles the application's SSL bundles, if any
	 * @return TLS credentials, or {@code null} for plain text
	 */
	static @Nullable ServerCredentials credentials(@Nullable String bundleName, @Nullable Ssl serverSsl,
			@Nullable SslBundles bundles) {
		if (bundleName != null && !bundleName.isBlank()) {
			if (bundles == null) {
				throw new IllegalStateException("discovery.server.xds.ssl-bundle is set but no SSL bundles are configured");
			}
			return credentials(bundles.getBundle(bundleName), Ssl.ClientAuth.NONE);
		}
		if (serverSsl != null && Ssl.isEnabled(serverSsl)) {
			return credentials(WebServerSslBundle.get(serverSsl, bundles), serverSsl.getClientAuth());
		}
		return null;
	}

	private static ServerCredentials credentials(SslBundle bundle, Ssl.@Nullable ClientAuth clientAuth) {
		TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
			.keyManager(bundle.getManagers().getKeyManagers());
		if (clientAuth == Ssl.ClientAuth.NEED || clientAuth == Ssl.ClientAuth.WANT) {
			tls.trustManager(bundle.getManagers().getTrustManagers())
				.clientAuth((clientAuth == Ssl.ClientAuth.NEED) ? TlsServerCredentials.ClientAuth.REQUIRE
						: TlsServerCredentials.ClientAuth.OPTIONAL);
		}
		return tls.build();
	}

}
