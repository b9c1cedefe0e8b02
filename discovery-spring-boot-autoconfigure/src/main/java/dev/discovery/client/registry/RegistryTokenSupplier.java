package dev.discovery.client.registry;

import org.jspecify.annotations.Nullable;

/**
 * Supplies the bearer token sent to the registry. Asked once per request (heartbeats included) and once per watch
 * connection, so a token that rotates (read from a file a sidecar refreshes, or from a secrets manager) is picked up
 * without a restart. Keep it cheap: cache the token and refresh it in the background. Declare a bean of this type to
 * replace the default, which returns {@code discovery.registry.token}.
 */
@FunctionalInterface
public interface RegistryTokenSupplier {

	/** Sends no token: an open registry. */
	RegistryTokenSupplier NONE = () -> null;

	/**
	 * The token for the next request.
	 * @return the token, or {@code null} or blank to send no {@code Authorization} header
	 */
	@Nullable String token();

	/**
	 * A supplier of one fixed token.
	 * @param token the token, or {@code null} for none
	 * @return the supplier
	 */
	static RegistryTokenSupplier of(@Nullable String token) {
		String trimmed = (token != null && !token.isBlank()) ? token.trim() : null;
		return () -> trimmed;
	}

}
