package dev.discovery.server.security;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTenantsTests {

	private final TokenTenants tenants = new TokenTenants(List.of(
			TokenPrincipal.of("payment", Set.of(Role.REGISTER, Role.READ), List.of("payment-*")),
			TokenPrincipal.of("order", Set.of(Role.REGISTER), List.of("order-*", "shared")),
			TokenPrincipal.of("platform", Set.of(Role.REGISTER), List.of("shared")),
			TokenPrincipal.of("ops", Set.of(Role.ADMIN, Role.REGISTER), List.of("*")),
			TokenPrincipal.of("dashboard", Set.of(Role.READ), List.of("*"))));

	@Test
	void servicesOfOneRegisterTokenShouldShareItsTenant() {
		assertThat(this.tenants.tenantOf("payment-1")).isEqualTo(this.tenants.tenantOf("payment-25"))
			.isEqualTo("payment");
		assertThat(this.tenants.tenantOf("order-service")).isEqualTo("order");
	}

	@Test
	void serviceSeveralTokensMayWriteShouldBeTheirJointTenant() {
		assertThat(this.tenants.tenantOf("shared")).isEqualTo("order+platform");
	}

	@Test
	void serviceOnlyAdminsMayWriteShouldBeTheAdminsTenant() {
		assertThat(this.tenants.tenantOf("billing")).isEqualTo(TokenTenants.ADMINS);
	}

}
