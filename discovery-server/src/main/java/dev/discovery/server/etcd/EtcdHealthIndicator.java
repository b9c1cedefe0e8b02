package dev.discovery.server.etcd;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code etcd} in {@code /actuator/health}: {@code UP} while this replica reaches etcd and follows it, {@code DOWN}
 * while it serves its last known view read-only. Readiness is not affected: the replica still answers reads.
 */
final class EtcdHealthIndicator extends AbstractHealthIndicator {

	private final EtcdStore store;

	EtcdHealthIndicator(EtcdStore store) {
		super("etcd health check failed");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.status(this.store.connected() ? "UP" : "DOWN")
			.withDetail("revision", this.store.revision())
			.withDetail("epoch", this.store.epoch())
			.withDetail("replica", this.store.replicaId())
			.withDetail("replicas", this.store.members().size());
		if (!this.store.connected()) {
			builder.withDetail("mode", "read-only: serving the view at the revision held, refusing writes with 503");
		}
	}

}
