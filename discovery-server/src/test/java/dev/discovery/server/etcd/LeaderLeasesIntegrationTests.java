package dev.discovery.server.etcd;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.LeaseOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.discovery.server.cluster.EtcdCluster;
import dev.discovery.server.cluster.EtcdClusterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lease renewals go to etcd's leader on a real three-member cluster, and follow it when it is killed: a follower
 * would pass every keep-alive on to the leader as an HTTP request of its own.
 */
class LeaderLeasesIntegrationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(3);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void renewalsShouldGoToTheLeaderAndFollowItWhenTheLeaderIsKilled() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		List<URI> endpoints = Arrays.stream(cluster.endpoints().split(",")).map(URI::create).toList();
		try (Client shared = Client.builder().endpoints(endpoints).build();
				LeaderLeases leader = new LeaderLeases(shared, endpoints,
						(endpoint) -> Client.builder().endpoints(endpoint).build(), TIMEOUT)) {
			assertThat(leader.lease()).as("before the leader is known").isSameAs(shared.getLeaseClient());
			leader.follow(term(shared));
			EtcdCluster.Member first = cluster.leader();
			assertThat(leader.endpoint()).isEqualTo(URI.create(first.clientUrl()));
			long lease = shared.getLeaseClient().grant(30).get(5, TimeUnit.SECONDS).getID();
			LeaseRenewals renewals = new LeaseRenewals(leader::lease);
			renewals.renewNow(lease, Duration.ofSeconds(30));
			await().atMost(TIMEOUT).until(() -> renewals.renewals() == 1);

			cluster.kill(first);
			try {
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					leader.follow(term(shared));
					assertThat(leader.endpoint()).isNotNull()
						.isNotEqualTo(URI.create(first.clientUrl()))
						.isEqualTo(URI.create(cluster.leader().clientUrl()));
				});
				renewals.renewNow(lease, Duration.ofSeconds(30));
				await().atMost(TIMEOUT).until(() -> renewals.renewals() == 2);
				assertThat(shared.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT)
					.get(5, TimeUnit.SECONDS)
					.getTTL()).as("renewed through the new leader").isGreaterThan(20);
			}
			finally {
				cluster.restart(first);
			}
		}
	}

	private static long term(Client client) throws Exception {
		return client.getKVClient()
			.get(ByteSequence.from("/leader-leases-tests/probe", StandardCharsets.UTF_8))
			.get(5, TimeUnit.SECONDS)
			.getHeader()
			.getRaftTerm();
	}

}
