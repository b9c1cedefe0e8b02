package dev.discovery.server.etcd;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The etcd store's meters: {@code discovery.store.etcd.connected} (1 or 0), {@code .revision}, {@code .replicas},
 * {@code .owned} (instances whose checks are this replica's),
 * and the lease renewals it sent ({@code .renewals}, {@code .renewal.failures}).
 */
final class EtcdMetrics {

	EtcdMetrics(EtcdStore store, MeterRegistry meters) {
		Gauge.builder("discovery.store.etcd.connected", store, (s) -> s.connected() ? 1 : 0)
			.description("Whether this replica reaches etcd and follows it (0: read-only)")
			.register(meters);
		Gauge.builder("discovery.store.etcd.revision", store, EtcdStore::revision)
			.description("The last etcd revision this replica applied")
			.register(meters);
		Gauge.builder("discovery.store.etcd.replicas", store, (s) -> s.members().size())
			.description("Live registry replicas, as this one sees them")
			.register(meters);
		Gauge.builder("discovery.store.etcd.owned", store, EtcdStore::ownedInstances)
			.description("Instances whose health this replica checks (its share among the live replicas)")
			.register(meters);
		FunctionCounter.builder("discovery.store.etcd.renewals", store, EtcdStore::renewals)
			.description("Instance lease renewals etcd acknowledged (keep-alives, not Raft writes)")
			.register(meters);
		FunctionCounter.builder("discovery.store.etcd.renewal.failures", store, EtcdStore::renewalFailures)
			.description("Instance lease renewals that etcd did not answer")
			.register(meters);
	}

}
