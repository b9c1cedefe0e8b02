package dev.discovery.server.protection;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.registry.Registry;

/**
 * How many instances each tenant has registered. Counting walks every service, so it is done again only when the
 * registry changed and a second has passed; in between, each loss that takes an instance out of the registry is
 * subtracted as it is allowed, so a mass expiry (judged under the registry's write lock) counts once, not once per
 * loss. Registrations in between show at the next count. Guarded by the {@link ProtectionMode} that owns it.
 */
final class TenantSizes {

	/** Service names whose tenant is remembered; past it the memory starts again (names come and go). */
	private static final int MAX_NAMES = 10_000;

	/** The shortest time between two counts (monotonic: it bounds work, it is not registry time). */
	private static final long RECOUNT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Registry registry;

	private final Tenants tenants;

	private final Map<String, String> tenantOfService = new HashMap<>();

	private final Map<String, Integer> sizes = new HashMap<>();

	private long countedIndex = -1;

	private long countedNanos;

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
		long now = System.nanoTime();
		if (this.countedIndex < 0 || (index != this.countedIndex && now - this.countedNanos >= RECOUNT_NANOS)) {
			this.sizes.clear();
			for (ServiceSummary service : this.registry.services()) {
				this.sizes.merge(tenantOf(service.name()), service.instances(), Integer::sum);
			}
			this.countedIndex = index;
			this.countedNanos = now;
		}
		return this.sizes.getOrDefault(tenant, 0);
	}

	/** An instance of the tenant is about to leave the registry (its loss was allowed). */
	void removed(String tenant) {
		this.sizes.computeIfPresent(tenant, (name, size) -> Math.max(0, size - 1));
	}

}
