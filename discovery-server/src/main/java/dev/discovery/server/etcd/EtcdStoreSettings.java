package dev.discovery.server.etcd;

import java.time.Duration;

/**
 * Where the registry lives in etcd and how this replica takes part.
 *
 * @param prefix the key prefix
 * @param replicaId this replica's member id, unique per process
 * @param replicaAddress how this replica describes itself in its membership key
 * @param memberTtl how long a silent replica keeps its share of the health checks
 * @param timeout the longest an etcd call may take
 * @param maxPerService most instances per service
 * @param maxTotal most instances in all
 */
record EtcdStoreSettings(String prefix, String replicaId, String replicaAddress, Duration memberTtl,
		Duration timeout, int maxPerService, int maxTotal) {
}
