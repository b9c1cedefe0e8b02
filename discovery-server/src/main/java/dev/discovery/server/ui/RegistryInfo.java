package dev.discovery.server.ui;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/registry}: who this registry is and what the caller may do, for the dashboard.
 *
 * @param name the registry's name ({@code spring.application.name})
 * @param node this process: host name and HTTP port
 * @param store where the registry keeps its state ({@code memory} or {@code etcd})
 * @param epoch the identity of the index space
 * @param restored whether it restored earlier state at start
 * @param warmingUp whether it is still within one lease TTL of a start without restored state
 * @param index the registry's change index
 * @param services how many services have instances
 * @param instances how many instances are registered
 * @param now the registry's clock now: the dashboard shows times relative to it, not to the browser's clock
 * @param startedAt when this process started
 * @param uptimeSeconds how long it has been up
 * @param tokensRequired whether requests need bearer tokens
 * @param roles the caller's roles ({@code READ}, {@code REGISTER}, {@code ADMIN}); every role on an open registry
 */
public record RegistryInfo(String name, String node, String store, String epoch, boolean restored, boolean warmingUp,
		long index, int services, int instances, Instant now, Instant startedAt, long uptimeSeconds, boolean tokensRequired,
		List<String> roles) {
}
