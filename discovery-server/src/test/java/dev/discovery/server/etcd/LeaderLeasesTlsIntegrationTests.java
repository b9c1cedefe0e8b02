package dev.discovery.server.etcd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.options.LeaseOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;

import dev.discovery.server.cluster.EtcdCluster;
import dev.discovery.server.cluster.EtcdClusterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lease renewals go to etcd's leader on a real three-member cluster that takes TLS with client certificates only and
 * has authentication on, through the client the registry builds ({@link EtcdClients}): the leader's client keeps the
 * shared client's TLS and credentials (it authenticates at the leader), the keep-alives reach the leader's gRPC
 * server and no follower's, and it follows the leader when the leader is killed.
 */
class LeaderLeasesTlsIntegrationTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(3, true);

	private static final String PASSWORD = "s3cret-for-leader-tests";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final String KEEP_ALIVES = "grpc_server_msg_received_total{grpc_method=\"LeaseKeepAlive\"";

	private static final String AUTHENTICATIONS = "grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Authenticate\"";

	private static final DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();

	private static HttpClient http;

	@BeforeAll
	static void secureEtcd() throws Exception {
		bundles.registerBundle("etcd", etcd.certificates().clientBundle());
		http = HttpClient.newBuilder().sslContext(etcd.certificates().clientContext())
			.connectTimeout(TIMEOUT).build();
		try (Client client = EtcdClients.create(properties(null, null), bundles)) {
			EtcdClientsIntegrationTests.turnOnAuthentication(client, "root", PASSWORD);
		}
	}

	@Test
	void renewalsShouldGoToTheLeaderOverTlsWithTheCredentialsAndFollowItWhenItIsKilled() throws Exception {
		EtcdCluster cluster = etcd.cluster();
		EtcdProperties properties = properties("root", PASSWORD);
		ClientBuilder builder = EtcdClients.builder(properties, bundles);
		List<URI> endpoints = EtcdClients.endpoints(properties);
		try (Client shared = builder.build();
				LeaderLeases leader = new LeaderLeases(shared, endpoints,
						(endpoint) -> EtcdClients.onEndpoint(builder, endpoint), TIMEOUT)) {
			long lease = shared.getLeaseClient().grant(30).get(10, TimeUnit.SECONDS).getID();
			LeaseRenewals renewals = new LeaseRenewals(leader::lease);

			EtcdCluster.Member first = leader(cluster, shared);
			Counts before = counts(cluster);
			leader.follow(term(shared));
			assertThat(leader.endpoint()).isEqualTo(URI.create(first.clientUrl()));
			renewals.renewNow(lease, Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(10)).until(() -> renewals.renewals() == 1);
			assertThat(renewals.failures()).isZero();
			arrivedAtTheLeaderOnly(cluster, first, before);

			// The last test of the class: the member stays down (with authentication on, the cluster's own status
			// probe, through etcd's JSON gateway, is refused, so it could not wait for a restarted member).
			cluster.kill(first);
			EtcdCluster.Member second = leader(cluster, shared);
			Counts beforeSecond = counts(cluster);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				leader.follow(term(shared));
				assertThat(leader.endpoint()).isEqualTo(URI.create(second.clientUrl()));
			});
			renewals.renewNow(lease, Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(10)).until(() -> renewals.renewals() == 2);
			assertThat(renewals.failures()).isZero();
			arrivedAtTheLeaderOnly(cluster, second, beforeSecond);
			assertThat(shared.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT)
				.get(10, TimeUnit.SECONDS)
				.getTTL()).as("renewed through the new leader").isGreaterThan(20);
		}
	}

	/** The live member that says it leads, as etcd's own status answers over gRPC tell, waiting for an election. */
	private static EtcdCluster.Member leader(EtcdCluster cluster, Client client) {
		EtcdCluster.Member[] found = new EtcdCluster.Member[1];
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (EtcdCluster.Member member : cluster.members()) {
				if (member.alive()) {
					try {
						StatusResponse status = client.getMaintenanceClient()
							.statusMember(member.clientUrl())
							.get(2, TimeUnit.SECONDS);
						if (status.getLeader() == status.getHeader().getMemberId()) {
							found[0] = member;
							return true;
						}
					}
					catch (ExecutionException | TimeoutException ex) {
						// Not answering (yet): ask the next one.
					}
				}
			}
			return false;
		});
		return found[0];
	}

	/** The keep-alives, and the leader client's log-in, reached the leader's gRPC server and no other member's. */
	private static void arrivedAtTheLeaderOnly(EtcdCluster cluster, EtcdCluster.Member leader, Counts before)
			throws Exception {
		Counts after = counts(cluster);
		for (int i = 0; i < cluster.members().size(); i++) {
			EtcdCluster.Member member = cluster.members().get(i);
			if (!member.alive()) {
				continue;
			}
			long keepAlives = after.keepAlives()[i] - before.keepAlives()[i];
			if (member == leader) {
				assertThat(keepAlives).as("keep-alives received by the leader " + member).isPositive();
				assertThat(after.authentications()[i] - before.authentications()[i])
					.as("the leader's client logs in at the leader with the user and password").isPositive();
			}
			else {
				assertThat(keepAlives).as("keep-alives received by the follower " + member).isZero();
			}
		}
	}

	private static Counts counts(EtcdCluster cluster) throws Exception {
		List<EtcdCluster.Member> members = cluster.members();
		long[] keepAlives = new long[members.size()];
		long[] authentications = new long[members.size()];
		for (int i = 0; i < members.size(); i++) {
			if (members.get(i).alive()) {
				String metrics = metrics(members.get(i));
				keepAlives[i] = sum(metrics, KEEP_ALIVES);
				authentications[i] = sum(metrics, AUTHENTICATIONS);
			}
		}
		return new Counts(keepAlives, authentications);
	}

	/** etcd's Prometheus metrics, from its client URL (over TLS with the client certificate). */
	private static String metrics(EtcdCluster.Member member) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(member.clientUrl() + "/metrics")).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("metrics of " + member).isEqualTo(200);
		return response.body();
	}

	private static long sum(String metrics, String prefix) {
		return metrics.lines()
			.filter((line) -> line.startsWith(prefix))
			.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static long term(Client client) throws Exception {
		return client.getKVClient()
			.get(EtcdKeys.bytes("/leader-leases-tls-tests/probe"))
			.get(10, TimeUnit.SECONDS)
			.getHeader()
			.getRaftTerm();
	}

	private static EtcdProperties properties(String username, String password) {
		EtcdProperties properties = new EtcdProperties();
		properties.setEndpoints(List.of(etcd.cluster().endpoints().split(",")));
		properties.setSslBundle("etcd");
		properties.setUsername(username);
		properties.setPassword(password);
		properties.setRequestTimeout(TIMEOUT);
		return properties;
	}

	private record Counts(long[] keepAlives, long[] authentications) {
	}

}
