package dev.discovery.server.protection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss windows of the services and tenants that lost instances lately or hold some: each instance counts in its
 * service's and in its tenant's. Guarded by the {@link ProtectionMode} that owns it.
 */
final class LossWindows {

	private final Map<String, LossWindow> services = new HashMap<>();

	private final Map<String, LossWindow> tenants = new HashMap<>();

	LossWindow service(String service) {
		return this.services.computeIfAbsent(service, (name) -> new LossWindow("service " + name));
	}

	LossWindow tenant(String tenant) {
		return this.tenants.computeIfAbsent(tenant, (name) -> new LossWindow(
				ProtectionMode.REGISTRY_SCOPE.equals(name) ? "the whole registry" : "tenant " + name));
	}

	/**
	 * Lets a held instance go in both its scopes.
	 * @param service its service
	 * @param tenant its service's tenant
	 * @param instanceId its id
	 * @param expiredOnly only where it was held from expiring
	 * @return whether either scope let it go
	 */
	boolean release(String service, String tenant, String instanceId, boolean expiredOnly) {
		LossWindow window = this.services.get(service);
		boolean released = window != null && window.release(instanceId, expiredOnly);
		LossWindow owner = this.tenants.get(tenant);
		released |= owner != null && owner.release(ProtectionMode.key(service, instanceId), expiredOnly);
		return released;
	}

	/** Forgets losses before the cutoff, and the windows left with nothing. */
	void prune(Instant cutoff) {
		for (Map<String, LossWindow> windows : List.of(this.services, this.tenants)) {
			windows.values().forEach((window) -> window.prune(cutoff));
			windows.values().removeIf(LossWindow::idle);
		}
	}

	/** The services that hold instances, by name. */
	List<ProtectionReport.Scope> serviceScopes() {
		return scopes(this.services);
	}

	/** The tenants that hold instances, by name. */
	List<ProtectionReport.Scope> tenantScopes() {
		return scopes(this.tenants);
	}

	private static List<ProtectionReport.Scope> scopes(Map<String, LossWindow> windows) {
		List<ProtectionReport.Scope> scopes = new ArrayList<>();
		windows.forEach((name, window) -> {
			ProtectionReport.Scope scope = window.report(name);
			if (scope != null) {
				scopes.add(scope);
			}
		});
		scopes.sort((a, b) -> a.name().compareTo(b.name()));
		return scopes;
	}

}
