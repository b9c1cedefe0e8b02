package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * This replica's membership key, kept alive on a lease of its own, and the live members every replica sees through
 * its mirror. Each instance's health check belongs to exactly one live member, chosen by {@link Rendezvous}
 * hashing; when a member's key goes (it stopped, or its lease ran out) its instances move to the others.
 */
final class Membership implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(Membership.class);

	private final Client client;

	private final EtcdKeys keys;

	private final String id;

	private final String description;

	private final Duration ttl;

	private final ScheduledExecutorService scheduler;

	private volatile Ownership ownership = new Ownership(Set.of());

	private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

	private volatile long lease;

	private volatile @Nullable CloseableClient keepAlive;

	private volatile boolean closed;

	Membership(Client client, EtcdKeys keys, String id, String description, Duration ttl,
			ScheduledExecutorService scheduler) {
		this.client = client;
		this.keys = keys;
		this.id = id;
		this.description = description;
		this.ttl = ttl;
		this.scheduler = scheduler;
	}

	String id() {
		return this.id;
	}

	/**
	 * Writes this replica's key on a fresh lease and keeps the lease alive.
	 * @param timeout the longest each etcd call may take
	 * @throws Exception if etcd does not answer in time
	 */
	void join(Duration timeout) throws Exception {
		long seconds = Math.max(2, (this.ttl.toMillis() + 999) / 1000);
		long granted = this.client.getLeaseClient().grant(seconds).get(timeout.toMillis(), TimeUnit.MILLISECONDS).getID();
		this.client.getKVClient()
			.put(this.keys.member(this.id), EtcdKeys.bytes(this.description),
					PutOption.builder().withLeaseId(granted).build())
			.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		this.lease = granted;
		this.keepAlive = this.client.getLeaseClient().keepAlive(granted, new StreamObserver<>() {

			@Override
			public void onNext(LeaseKeepAliveResponse response) {
			}

			@Override
			public void onError(Throwable error) {
				rejoinLater(granted, error.getMessage());
			}

			@Override
			public void onCompleted() {
				rejoinLater(granted, "lease ended");
			}

		});
	}

	private void rejoinLater(long ended, @Nullable String why) {
		if (this.closed || this.lease != ended) {
			return;
		}
		logger.warn("Lost this replica's etcd membership (" + why + "); joining again");
		this.scheduler.schedule(this::rejoin, 1, TimeUnit.SECONDS);
	}

	private void rejoin() {
		try {
			CloseableClient old = this.keepAlive;
			if (old != null) {
				old.close();
			}
			join(Duration.ofSeconds(5));
			logger.info("Joined the etcd cluster again as " + this.id);
		}
		catch (Exception ex) {
			rejoinLater(this.lease, ex.getMessage());
		}
	}

	/** The mirror saw the members change. */
	void members(Set<String> live) {
		this.ownership = new Ownership(live);
		this.generation.incrementAndGet();
	}

	/** Moves whenever the live members change. */
	long generation() {
		return this.generation.get();
	}

	Set<String> members() {
		return this.ownership.members();
	}

	/** An instance is gone: its cached ownership is not needed any more. */
	void forget(String service, String instanceId) {
		this.ownership.owned().remove(service + "/" + instanceId);
	}

	/**
	 * Whether this replica checks an instance's health.
	 * @param service the service
	 * @param instanceId the instance id
	 * @return {@code true} if this replica is the instance's owner among the live members
	 */
	boolean owns(String service, String instanceId) {
		Ownership current = this.ownership;
		if (!current.members().contains(this.id)) {
			// Not (yet, or no longer) a member: another replica may own everything; checking would write twice.
			return false;
		}
		return current.owned().computeIfAbsent(service + "/" + instanceId,
				(name) -> this.id.equals(Rendezvous.owner(current.members(), name)));
	}

	/** The live members and, computed lazily, which instances this replica owns among them. */
	private record Ownership(Set<String> members, Map<String, Boolean> owned) {

		Ownership(Set<String> members) {
			this(members, new ConcurrentHashMap<>());
		}

	}

	/** Leaves at once (revokes the lease), so the others take this replica's share without waiting for the TTL. */
	@Override
	public void close() {
		this.closed = true;
		CloseableClient running = this.keepAlive;
		if (running != null) {
			running.close();
		}
		try {
			this.client.getLeaseClient().revoke(this.lease).get(2, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// The lease runs out by itself within the member TTL.
		}
	}

}
