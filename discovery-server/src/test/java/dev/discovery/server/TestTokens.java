package dev.discovery.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The bearer tokens a secured registry in a test accepts, written once as tokens rather than as indexed
 * {@code discovery.server.security.tokens[n].*} properties.
 */
public final class TestTokens {

	private final List<Token> tokens;

	private TestTokens(List<Token> tokens) {
		this.tokens = tokens;
	}

	public static TestTokens of(Token... tokens) {
		return new TestTokens(List.of(tokens));
	}

	/**
	 * A token for every service.
	 * @param name the token's name (logs, metrics)
	 * @param value the secret a client sends
	 * @param roles comma-separated roles: {@code read}, {@code register}, {@code admin}
	 * @return the token
	 */
	public static Token token(String name, String value, String roles) {
		return new Token(name, value, roles, null);
	}

	/**
	 * A token for some services only.
	 * @param name the token's name (logs, metrics)
	 * @param value the secret a client sends
	 * @param roles comma-separated roles: {@code read}, {@code register}, {@code admin}
	 * @param services comma-separated service names or prefixes ending in {@code *}
	 * @return the token
	 */
	public static Token token(String name, String value, String roles, String services) {
		return new Token(name, value, roles, services);
	}

	/** Adds the tokens to a test's environment (from a {@code @DynamicPropertySource} method). */
	public void addTo(DynamicPropertyRegistry registry) {
		properties().forEach((key, value) -> registry.add(key, () -> value));
	}

	/** The tokens as command-line arguments, for a registry a test starts itself. */
	public List<String> args() {
		List<String> args = new ArrayList<>();
		properties().forEach((key, value) -> args.add("--" + key + "=" + value));
		return args;
	}

	private Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		for (int i = 0; i < this.tokens.size(); i++) {
			Token token = this.tokens.get(i);
			String prefix = "discovery.server.security.tokens[" + i + "].";
			properties.put(prefix + "name", token.name());
			properties.put(prefix + "value", token.value());
			properties.put(prefix + "roles", token.roles());
			if (token.services() != null) {
				properties.put(prefix + "services", token.services());
			}
		}
		return properties;
	}

	/**
	 * One token.
	 *
	 * @param name the token's name
	 * @param value the secret
	 * @param roles comma-separated roles
	 * @param services comma-separated services, or {@code null} for all
	 */
	public record Token(String name, String value, String roles, @Nullable String services) {
	}

}
