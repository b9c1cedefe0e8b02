package dev.discovery.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Checks presented bearer tokens against the configured ones. Tokens are compared as SHA-256 digests with a
 * constant-time comparison, against every configured token, so neither the length nor the position of a match
 * shows in the time taken.
 */
public class TokenAuthenticator {

	private final List<Entry> entries = new ArrayList<>();

	public TokenAuthenticator(SecurityProperties properties) {
		int position = 0;
		for (SecurityProperties.Token token : properties.getTokens()) {
			position++;
			if (token.getValue() == null || token.getValue().isBlank()) {
				throw new IllegalStateException("discovery.server.security.tokens[" + (position - 1)
						+ "] has no value");
			}
			String name = (token.getName() != null) ? token.getName() : "token-" + position;
			this.entries.add(new Entry(digest(token.getValue()),
					TokenPrincipal.of(name, token.getRoles(), token.getServices())));
		}
	}

	/**
	 * Whether any token is configured; without one the registry runs open.
	 * @return {@code true} if requests must authenticate
	 */
	public boolean enabled() {
		return !this.entries.isEmpty();
	}

	/**
	 * The holders of the configured tokens, in configuration order.
	 * @return the principals
	 */
	public List<TokenPrincipal> principals() {
		return this.entries.stream().map(Entry::principal).toList();
	}

	/**
	 * Finds the holder of a presented token.
	 * @param presented the token from the request
	 * @return its principal, or {@code null} if no configured token matches
	 */
	public @Nullable TokenPrincipal authenticate(String presented) {
		byte[] candidate = digest(presented);
		TokenPrincipal found = null;
		for (Entry entry : this.entries) {
			if (MessageDigest.isEqual(entry.digest(), candidate) && found == null) {
				found = entry.principal();
			}
		}
		return found;
	}

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	private record Entry(byte[] digest, TokenPrincipal principal) {
	}

}
