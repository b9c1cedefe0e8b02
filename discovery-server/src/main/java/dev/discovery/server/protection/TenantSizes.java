package dev.discovery.server.protection;

import java.util.HashMap;
import java.util.Map;

import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.registry.Registry;

/**
 * How many instances each tenant has registered, counted again only when the registry's index moved, so a run of
 * losses judged at one index counts once. Guarded by the {@link ProtectionMode} that owns it.
 */
final class TenantSizes {

	/** Service names whose tenant is remembered; past it the memory starts again (names come and go). */
	private static final int MAX_NAMES = 10_000;

	private final Registry registry;

	private final Tenants tenants;

	private final Map<String, String> tenantOfService = new HashMap<>();

	private Map<String, Integer> sizes = Map.of();

	private long countedAt = -1;

	TenantSizes(Registry registry, Tenants tenants) {
		this.registry = registry;
		this.tenants = tenants;
	}

	String tenantOf(String service) {
		if (this.tenants == Tenants.ONE) {
			return Tenants.EVERYONE;
		}
		if (this.tenantOfService.size() >= MAX_NAMES && !this.tenantOfService.containsKey(service)) {
			this.tenantOfService.clear();
		}
		return this.tenantOfService.computeIfAbsent(service, this.tenants::tenantOf);
	}

	/** Instances registered now in services of the tenant. */
	int registered(String tenant) {
		if (this.tenants == Tenants.ONE) {
			return this.registry.instanceCount();
		}
		long index = this.registry.index();
		if (index != this.countedAt) {
			Map<String, Integer> counted = new HashMap<>();
			for (ServiceSummary service : this.registry.services()) {
				counted.merge(tenantOf(service.name()), service.instances(), Integer::sum);
			}
			this.sizes = counted;
			this.countedAt = index;
		}
		return this.sizes.getOrDefault(tenant, 0);
	}

}
