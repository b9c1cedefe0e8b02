package dev.discovery.server.protection;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code GET /api/v1/protection}: whether the registry is holding back instance losses, where and
 * why.
 *
 * @param enabled whether protection mode is on
 * @param threshold the share of instances that may be lost within the window before protection starts
 * @param window how far back losses count
 * @param maxHold the longest an instance is held
 * @param registry the registry-wide protection (the one tenant of a registry without tokens), or {@code null} when
 * not active
 * @param tenants the protected tenants of a registry with tokens (named after the register tokens that may write
 * their services), sorted by name
 * @param services the protected services, sorted by name
 */
public record ProtectionReport(boolean enabled, double threshold, String window, String maxHold,
		@Nullable Scope registry, List<Scope> tenants, List<Scope> services) {

	/**
	 * Whether anything is protected.
	 * @return {@code true} if the registry or any service is protected
	 */
	public boolean active() {
		return this.registry != null || !this.tenants.isEmpty() || !this.services.isEmpty();
	}

	/**
	 * One protected scope.
	 *
	 * @param name the service or tenant name, or {@code *} for the whole registry
	 * @param reason why it is protected, for people
	 * @param since when protection started
	 * @param held the instances kept in spite of failing checks or expired leases (instance ids in a service,
	 * service/id in a tenant or the registry)
	 */
	public record Scope(String name, String reason, Instant since, List<String> held) {
	}

}
