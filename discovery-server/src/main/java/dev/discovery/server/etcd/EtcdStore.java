package dev.discovery.server.etcd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import io.etcd.jetcd.Client;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.registry.AbstractRegistry;
import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryChange.Kind;
import dev.discovery.server.registry.StoreRecovery;

/**
 * The registry kept in etcd, shared by any number of replicas. Writes are etcd transactions (one Raft write each)
 * and the change index is etcd's revision; reads come from the local view, which one etcd watch keeps in step, so
 * every replica publishes every change once with the same index. Heartbeats renew the instance's etcd lease without
 * a Raft write ({@link LeaseRenewals}); etcd expires what is not renewed. A writer waits until its own view has
 * applied its write, so a client reads its writes from the replica it wrote to.
 */
public class EtcdStore extends AbstractRegistry implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EtcdStore.class);

	private final Client client;

	private final EtcdKeys keys;

	private final InstanceCodec codec = new InstanceCodec();

	private final CommittedWrites committed;

	private final EtcdMirror mirror;

	private final LeaseRenewals renewals;

	private final Membership membership;

	private final LeaderLeases leader;

	private final InstanceLeases leases;

	private final EtcdReachability reachability;

	private final Clock clock;

	private final Duration timeout;

	private final ScheduledExecutorService scheduler;

	private final int maxPerService;

	private final int maxTotal;

	private volatile ClusterProtection protection = ClusterProtection.NONE;

	private volatile @Nullable String epoch;

	private volatile StoreRecovery recovery = StoreRecovery.none("not started");

	/**
	 * A store on an etcd client whose lease renewals go to etcd's leader; {@link #start()} loads it.
	 * @param client the etcd client, closed with the store
	 * @param leader the client lease renewals go through, closed with the store
	 * @param settings where and how
	 * @param clock the registry's clock, for timestamps
	 * @param scheduler runs the mirror's retries and the membership's renewals
	 */
	EtcdStore(Client client, LeaderLeases leader, EtcdStoreSettings settings, Clock clock,
			ScheduledExecutorService scheduler) {
		this.client = client;
		this.leader = leader;
		this.keys = new EtcdKeys(settings.prefix());
		this.clock = clock;
		this.timeout = settings.timeout();
		this.scheduler = scheduler;
		this.maxPerService = settings.maxPerService();
		this.maxTotal = settings.maxTotal();
		this.renewals = new LeaseRenewals(leader::lease);
		this.membership = new Membership(client, this.keys, settings.replicaId(), settings.replicaAddress(),
				settings.memberTtl(), scheduler);
		this.leases = new InstanceLeases(this.renewals, leader::lease, this.timeout);
		this.mirror = new EtcdMirror(client, this.keys, this.codec, new MirrorApplier(this.view, this.leases,
				this.membership, () -> this.protection, (change) -> publish(apply(change))), scheduler, this.timeout);
		this.committed = new CommittedWrites(new EtcdWrites(client, this.keys, this.codec, this.timeout), this.mirror,
				this.view, this.leases, this.codec, clock, this.timeout);
		this.reachability = new EtcdReachability(client.getKVClient(), this.keys, this.timeout, this.renewals,
				this.mirror::revision, leader::follow);
	}

	/**
	 * Reads the epoch and the whole registry from etcd, starts following it and joins the replicas.
	 * @throws Exception if etcd cannot be read within the request timeout
	 */
	public void start() throws Exception {
		EtcdStartup startup = new EtcdStartup();
		EtcdEpoch.Found found = startup.retrying("read the registry's epoch",
				() -> EtcdEpoch.readOrCreate(this.client.getKVClient(), this.keys, this.timeout));
		this.epoch = found.id();
		startup.retrying("read the registry", this.mirror::start);
		boolean alone = this.membership.members().isEmpty();
		startup.retrying("join the replicas", () -> this.membership.join(this.timeout));
		if (alone) {
			// No replica was running, so nobody renewed leases meanwhile. As with a restored snapshot, every instance
			// gets a full TTL from now to send its next heartbeat.
			this.view.allInstances().forEach((instance) -> this.leases.renew(instance, true));
		}
		this.reachability.start(this.scheduler);
		// The registry outlives any replica: only the replica that created it, under a prefix no replica ever used,
		// starts without earlier state (and warms up, as a new registry does).
		this.recovery = new StoreRecovery(!found.created(), this.view.instanceCount(), 0, this.view.index(), null,
				"etcd prefix " + this.keys.prefix() + " at revision " + this.mirror.revision());
		logger.info("Registry on etcd (prefix " + this.keys.prefix() + ", epoch " + this.epoch + "): "
				+ this.view.instanceCount() + " instances at revision " + this.mirror.revision() + "; replica "
				+ this.membership.id() + (alone ? ", the first one running" : ""));
	}

	static String describe(Throwable ex) {
		Throwable cause = (ex instanceof java.util.concurrent.ExecutionException && ex.getCause() != null)
				? ex.getCause() : ex;
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	@Override
	public StoreRecovery recovery() {
		return this.recovery;
	}

	/** The identity of the index space, the same on every replica. */
	public String epoch() {
		String current = this.epoch;
		if (current == null) {
			throw new IllegalStateException("The etcd store has not started");
		}
		return current;
	}

	/** Whether etcd answers (with a leader) and the view follows it. */
	public boolean connected() {
		return this.reachability.reachable() && this.mirror.watching();
	}

	/** The last etcd revision this replica applied. */
	public long revision() {
		return this.mirror.revision();
	}

	/** Lease renewals etcd acknowledged. */
	public long renewals() {
		return this.renewals.renewals();
	}

	/** Lease renewals that could not be sent or were not answered. */
	public long renewalFailures() {
		return this.renewals.failures();
	}

	/**
	 * Whether this replica checks an instance's health: exactly one live replica does.
	 * @param service the service
	 * @param instanceId the instance id
	 * @return {@code true} if it is this replica's
	 */
	public boolean owns(String service, String instanceId) {
		return this.membership.owns(service, instanceId);
	}

	/** Moves whenever the live replicas change. */
	public long membershipGeneration() {
		return this.membership.generation();
	}

	/** How many instances this replica owns: their checks are its share. */
	public long ownedInstances() {
		return this.view.allInstances().stream().filter((i) -> this.membership.owns(i.service(), i.id())).count();
	}

	/** The ids of the live replicas. */
	public Set<String> members() {
		return this.membership.members();
	}

	/** This replica's id. */
	public String replicaId() {
		return this.membership.id();
	}

	@Override
	public RegistryChange register(String service, String instanceId, InstanceSpec spec) {
		this.reachability.requireReachable();
		checkCapacity(service, instanceId, this.maxPerService, this.maxTotal);
		Instant now = this.clock.instant();
		RegisteredInstance instance = new RegisteredInstance(service, instanceId, spec, spec.status(),
				HealthState.PASSING, null, null, now, now, 0);
		return this.committed.register(instance);
	}

	@Override
	public RegisteredInstance heartbeat(String service, String instanceId) {
		this.reachability.requireReachable();
		RegisteredInstance renewed = this.view.renew(service, instanceId, this.clock.instant());
		if (renewed == null) {
			// Registered through another replica a moment ago and not mirrored here yet? etcd knows.
			renewed = this.committed.fromEtcd(service, instanceId);
		}
		this.leases.renew(renewed, false);
		this.feed.heartbeat(renewed);
		return renewed;
	}

	@Override
	public RegisteredInstance setStatus(String service, String instanceId, InstanceStatus status) {
		this.reachability.requireReachable();
		return this.committed.update(service, instanceId,
				(held) -> (held.status() == status) ? null : held.withStatus(status, 0));
	}

	@Override
	public RegisteredInstance setHealth(String service, String instanceId, HealthState health,
			@Nullable String output) {
		Instant now = this.clock.instant();
		if (this.view.instance(service, instanceId).health() == health) {
			// Same state: shown here, not written to etcd (a Raft write per check would be the cost).
			RegisteredInstance amended = this.view.amend(service, instanceId, (held) -> (held.health() == health)
					? held.withHealth(health, output, now, held.index()) : held);
			if (amended != null && amended.health() == health) {
				return amended;
			}
		}
		this.reachability.requireReachable();
		return this.committed.update(service, instanceId,
				(held) -> (held.health() == health) ? null : held.withHealth(health, output, now, 0));
	}

	@Override
	public RegistryChange deregister(String service, String instanceId) {
		this.reachability.requireReachable();
		RegisteredInstance held = this.view.holds(service, instanceId) ? this.view.instance(service, instanceId)
				: this.committed.fromEtcd(service, instanceId);
		Long revision = this.committed.remove(service, instanceId, 0);
		if (revision == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		return new RegistryChange(revision, Kind.DEREGISTERED, service, instanceId, held);
	}

	/**
	 * etcd expires leases itself, and its expirations reach the feed through the watch. This run asks the guard
	 * first, as the memory store does, for the instances this replica owns: one that no heartbeat reached here for a
	 * TTL is looked up in etcd (a leader read, no Raft write), and when its lease is about to run out the guard
	 * decides; one it holds is renewed. While protection mode holds an instance this replica owns, its lease is kept
	 * alive; protection lets go of it after its maximum hold, and etcd then expires it.
	 */
	@Override
	public List<RegistryChange> expireLeases(ExpiryGuard guard) {
		List<RegisteredInstance> owned = this.view.allInstances()
			.stream()
			.filter((instance) -> this.membership.owns(instance.service(), instance.id()))
			.toList();
		this.leases.expire(owned, this.protection.held(), this.clock.instant(), guard);
		return List.of();
	}

	/**
	 * Links the store to protection mode: losses decided elsewhere are reported to it, and the expiry run keeps the
	 * leases of what it holds alive.
	 * @param protection protection mode as the store sees it
	 */
	public void protectedBy(ClusterProtection protection) {
		this.protection = protection;
	}

	@Override
	public boolean removeCritical(RegisteredInstance instance) {
		this.reachability.requireReachable();
		return this.committed.remove(instance.service(), instance.id(), instance.index()) != null;
	}

	/** Leaves the replicas at once (the others take this one's health checks) and stops following etcd. */
	@Override
	public void close() {
		this.reachability.stop();
		this.membership.close();
		this.mirror.close();
		this.leader.close();
		this.client.close();
	}

}
