package dev.discovery.server.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The holder of an accepted token: its name, roles and the services it may register.
 *
 * @param name the token's name
 * @param roles what it may do
 * @param services patterns of the service names it may act on
 */
public record TokenPrincipal(String name, Set<Role> roles, List<Pattern> services) {

	static TokenPrincipal of(String name, Set<Role> roles, List<String> servicePatterns) {
		return new TokenPrincipal(name, Set.copyOf(roles),
				servicePatterns.stream().map(TokenPrincipal::glob).toList());
	}

	private static Pattern glob(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.toLowerCase(Locale.ROOT).split("\\*", -1)) {
			regex.append(regex.isEmpty() ? "" : ".*").append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * Whether this token may register and change instances of a service.
	 * @param service the service name from the request
	 * @return {@code true} for admins, and for register tokens whose patterns match
	 */
	public boolean mayActOn(String service) {
		if (this.roles.contains(Role.ADMIN)) {
			return true;
		}
		String name = service.toLowerCase(Locale.ROOT);
		return this.roles.contains(Role.REGISTER) && this.services.stream().anyMatch((p) -> p.matcher(name).matches());
	}

	@Override
	public String toString() {
		return this.name;
	}

}
