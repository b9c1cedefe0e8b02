package dev.discovery.server.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may use the registry, under {@code discovery.server.security}. With no tokens the registry is open to anyone
 * who can reach it.
 */
@ConfigurationProperties("discovery.server.security")
public class SecurityProperties {

	/** Refuse to start when no tokens are configured, instead of running open. */
	private boolean requireAuth;

	/** The bearer tokens the registry accepts. */
	private List<Token> tokens = new ArrayList<>();

	public boolean isRequireAuth() {
		return this.requireAuth;
	}

	public void setRequireAuth(boolean requireAuth) {
		this.requireAuth = requireAuth;
	}

	public List<Token> getTokens() {
		return this.tokens;
	}

	public void setTokens(List<Token> tokens) {
		this.tokens = tokens;
	}

	/**
	 * One accepted token.
	 */
	public static class Token {

		/** A name for logs and metrics; the token's value is never logged. */
		private @Nullable String name;

		/** The secret a client sends as {@code Authorization: Bearer <value>}. */
		private @Nullable String value;

		/** What the token may do: read, register, admin. */
		private Set<Role> roles = EnumSet.noneOf(Role.class);

		/** Service names (with {@code *} wildcards) a register token may act on. */
		private List<String> services = new ArrayList<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

		public Set<Role> getRoles() {
			return this.roles;
		}

		public void setRoles(Set<Role> roles) {
			this.roles = roles;
		}

		public List<String> getServices() {
			return this.services;
		}

		public void setServices(List<String> services) {
			this.services = services;
		}

	}

}
