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
 * @param registry the registry-wide protection, or {@code null} when not active
 * @param services the protected services, sorted by name
 */
public record ProtectionReport(boolean enabled, double threshold, String window, @Nullable Scope registry,
		List<Scope> services) {

	/**
	 * Whether anything is protected.
	 * @return {@code true} if the registry or any service is protected
	 */
	public boolean active() {
		return this.registry != null || !this.services.isEmpty();
	}

	/**
	 * One protected scope.
	 *
	 * @param name the service name, or {@code *} for the whole registry
	 * @param reason why it is protected, for people
	 * @param since when protection started
	 * @param held the instances kept in spite of failing checks or expired leases
	 */
	public record Scope(String name, String reason, Instant since, List<String> held) {
	}

}
