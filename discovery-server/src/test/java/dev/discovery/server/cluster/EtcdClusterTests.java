package dev.discovery.server.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The test cluster itself: three real members that keep a write through the loss and return of their leader.
 */
class EtcdClusterTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(3);

	@Test
	void clusterShouldKeepWritesThroughTheLossAndReturnOfItsLeader() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		ByteSequence key = bytes("/fixture/key");
		try (Client client = Client.builder().endpoints(cluster.endpoints().split(",")).build()) {
			client.getKVClient().put(key, bytes("before")).get(10, TimeUnit.SECONDS);
			EtcdCluster.Member leader = cluster.leader();

			cluster.kill(leader);
			assertThat(leader.alive()).isFalse();
			EtcdCluster.Member successor = cluster.leader();
			assertThat(successor).isNotSameAs(leader);
			await().atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> client.getKVClient().put(key, bytes("after")).get(2, TimeUnit.SECONDS) != null);

			cluster.restart(leader);
			cluster.awaitHealthy();
			try (Client rejoined = Client.builder().endpoints(leader.clientUrl()).build()) {
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
					GetResponse response = rejoined.getKVClient().get(key).get(2, TimeUnit.SECONDS);
					assertThat(response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("after");
				});
			}
		}
	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

}
