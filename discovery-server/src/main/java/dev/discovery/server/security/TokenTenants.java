package dev.discovery.server.security;

import java.util.List;
import java.util.stream.Collectors;

import dev.discovery.server.protection.Tenants;

/**
 * Tenants from the configured tokens: a service's tenant is the set of register tokens whose patterns match it
 * (admins aside, who may write everything), named by their names joined with {@code +}. Services no register token
 * matches belong to {@value #ADMINS}. Whoever can make instances of a tenant vanish may write every service in it.
 */
final class TokenTenants implements Tenants {

	static final String ADMINS = "(admins)";

	private final List<TokenPrincipal> writers;

	TokenTenants(List<TokenPrincipal> principals) {
		this.writers = principals.stream()
			.filter((p) -> p.roles().contains(Role.REGISTER) && !p.roles().contains(Role.ADMIN))
			.toList();
	}

	@Override
	public String tenantOf(String service) {
		String names = this.writers.stream()
			.filter((writer) -> writer.mayActOn(service))
			.map(TokenPrincipal::name)
			.sorted()
			.distinct()
			.collect(Collectors.joining("+"));
		return names.isEmpty() ? ADMINS : names;
	}

}
