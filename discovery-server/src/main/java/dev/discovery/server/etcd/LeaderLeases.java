package dev.discovery.server.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.maintenance.StatusResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The etcd client that lease keep-alives and lease lookups go through: one connected to etcd's leader alone when
 * the leader is one of the configured endpoints, else the shared client. Renewing a lease is not a Raft write, so a
 * follower that receives a keep-alive does not pass it on with Raft's messages: it sends the leader an HTTP request
 * of its own per keep-alive and waits for it before reading the next one off the stream. Sent to the leader, a
 * keep-alive costs etcd one lookup in memory. The reachability probe reports etcd's Raft term; a new term (an
 * election) makes this look for the leader again, and until it is found the shared client carries the renewals.
 */
final class LeaderLeases implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LeaderLeases.class);

	private final Client shared;

	private final List<URI> endpoints;

	private final Function<URI, Client> connect;

	private final Duration timeout;

	private volatile @Nullable Pinned pinned;

	/** The Raft term the leader was last looked for in; touched by the probe's thread only. */
	private long term = -1;

	/**
	 * @param shared the client on every configured endpoint
	 * @param endpoints the configured endpoints
	 * @param connect builds a client, with the shared client's settings, on one of them
	 * @param timeout the longest an etcd call may take
	 */
	LeaderLeases(Client shared, List<URI> endpoints, Function<URI, Client> connect, Duration timeout) {
		this.shared = shared;
		this.endpoints = endpoints;
		this.connect = connect;
		this.timeout = timeout;
	}

	/** The lease client to renew and look up leases with now. */
	Lease lease() {
		Pinned current = this.pinned;
		return (current != null) ? current.client().getLeaseClient() : this.shared.getLeaseClient();
	}

	/** The endpoint keep-alives go to, or {@code null} while they go over the shared client. */
	@Nullable URI endpoint() {
		Pinned current = this.pinned;
		return (current != null) ? current.endpoint() : null;
	}

	/**
	 * etcd answered in this Raft term: looks for the leader if the term is new (or the last look failed).
	 * @param raftTerm the term of etcd's answer
	 */
	void follow(long raftTerm) {
		if (raftTerm == this.term || this.endpoints.size() < 2) {
			// One endpoint: whatever member it is, the shared client is already on it.
			return;
		}
		URI leader = leader();
		if (leader == null) {
			// Not found this time: the shared client carries the renewals, and the next probe looks again.
			return;
		}
		this.term = raftTerm;
		Pinned current = this.pinned;
		if (current != null && current.endpoint().equals(leader)) {
			return;
		}
		this.pinned = new Pinned(leader, this.connect.apply(leader));
		logger.info("Lease renewals go to etcd's leader at " + leader + " (Raft term " + raftTerm + ")");
		if (current != null) {
			// Renewals waiting on the old stream are sent again on the new one (LeaseRenewals).
			current.client().close();
		}
	}

	/** The configured endpoint etcd's leader answers on, or {@code null} if none does. */
	private @Nullable URI leader() {
		for (URI endpoint : this.endpoints) {
			try {
				StatusResponse status = this.shared.getMaintenanceClient()
					.statusMember(endpoint.toString())
					.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
				if (status.getLeader() != 0 && status.getLeader() == status.getHeader().getMemberId()) {
					return endpoint;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
			catch (Exception ex) {
				// That member does not answer: ask the next one.
				logger.debug("etcd at " + endpoint + " did not say whether it leads: " + EtcdStore.describe(ex));
			}
		}
		return null;
	}

	@Override
	public void close() {
		Pinned current = this.pinned;
		this.pinned = null;
		if (current != null) {
			current.client().close();
		}
	}

	private record Pinned(URI endpoint, Client client) {
	}

}
