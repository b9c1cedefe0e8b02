package dev.discovery.server.etcd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.etcd.EtcdWrites.Written;
import dev.discovery.server.registry.AbstractRegistry;
import dev.discovery.server.registry.CapacityExceededException;
import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryChange.Kind;
import dev.discovery.server.registry.StoreRecovery;
import dev.discovery.server.registry.StoreUnavailableException;

/**
 * The registry kept in etcd, shared by any number of replicas. Writes are etcd transactions (one Raft write each)
 * and the change index is etcd's revision; reads come from the local view, which one etcd watch keeps in step, so
 * every replica publishes every change once with the same index. Heartbeats renew the instance's etcd lease without
 * a Raft write ({@link LeaseRenewals}); etcd expires what is not renewed. A writer waits until its own view has
 * applied its write, so a client reads its writes from the replica it wrote to.
 */
public class EtcdStore extends AbstractRegistry implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EtcdStore.class);

	/** Attempts of a compare-and-set write that other replicas keep changing under it. */
	private static final int ATTEMPTS = 5;

	/** Unanswered probes in a row after which a replica is read-only. */
	private static final int UNREACHABLE_AFTER = 3;

	/** How long a replica keeps trying to load the registry from etcd before it gives up starting. */
	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	/** A lease with this many seconds left or fewer is about to run out: the guard decides now. */
	private static final long EXPIRY_NOTICE_SECONDS = 2;

	private final Client client;

	private final EtcdKeys keys;

	private final InstanceCodec codec = new InstanceCodec();

	private final EtcdWrites writes;

	private final EtcdMirror mirror;

	private final LeaseRenewals renewals;

	private final Membership membership;

	private final Clock clock;

	private final Duration timeout;

	private final ScheduledExecutorService scheduler;

	private volatile boolean reachable = true;

	/** Probes in a row that etcd did not answer; touched by the probe's thread only. */
	private int failedProbes;

	private volatile @Nullable ScheduledFuture<?> probe;

	private final int maxPerService;

	private final int maxTotal;

	/** Each instance's etcd lease, as the mirror last saw it. */
	private final Map<String, Long> leases = new ConcurrentHashMap<>();

	/** When to look up again the lease of an owned instance whose heartbeats go to another replica. */
	private final Map<String, Long> nextLeaseCheck = new ConcurrentHashMap<>();

	/** Owned instances whose expiry the guard allowed: their expiry is not judged again when etcd reports it. */
	private final Set<String> askedToExpire = ConcurrentHashMap.newKeySet();

	private volatile ClusterProtection protection = ClusterProtection.NONE;

	private volatile @Nullable String epoch;

	private volatile StoreRecovery recovery = StoreRecovery.none("not started");

	/**
	 * A store on an etcd client; {@link #start()} loads it.
	 * @param client the etcd client, closed with the store
	 * @param settings where and how
	 * @param clock the registry's clock, for timestamps
	 * @param scheduler runs the mirror's retries and the membership's renewals
	 */
	public EtcdStore(Client client, Settings settings, Clock clock, ScheduledExecutorService scheduler) {
		this.client = client;
		this.keys = new EtcdKeys(settings.prefix());
		this.clock = clock;
		this.timeout = settings.timeout();
		this.scheduler = scheduler;
		this.maxPerService = settings.maxPerService();
		this.maxTotal = settings.maxTotal();
		this.writes = new EtcdWrites(client, this.keys, this.codec, this.timeout);
		this.renewals = new LeaseRenewals(client.getLeaseClient());
		this.membership = new Membership(client, this.keys, settings.replicaId(), settings.replicaAddress(),
				settings.memberTtl(), scheduler);
		this.mirror = new EtcdMirror(client, this.keys, this.codec, new Applier(), scheduler, this.timeout);
	}

	/**
	 * Reads the epoch and the whole registry from etcd, starts following it and joins the replicas.
	 * @throws Exception if etcd cannot be read within the request timeout
	 */
	public void start() throws Exception {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		EtcdEpoch.Found found = retrying("read the registry's epoch",
				() -> EtcdEpoch.readOrCreate(this.client.getKVClient(), this.keys, this.timeout), deadline);
		this.epoch = found.id();
		retrying("read the registry", () -> {
			this.mirror.start();
			return null;
		}, deadline);
		boolean alone = this.membership.members().isEmpty();
		retrying("join the replicas", () -> {
			this.membership.join(this.timeout);
			return null;
		}, deadline);
		if (alone) {
			// No replica was running, so nobody renewed leases meanwhile. As with a restored snapshot, every instance
			// gets a full TTL from now to send its next heartbeat.
			this.view.allInstances().forEach((instance) -> renew(instance, true));
		}
		this.probe = this.scheduler.scheduleWithFixedDelay(this::probe, 1, 1, TimeUnit.SECONDS);
		// The registry outlives any replica: only the replica that created it, under a prefix no replica ever used,
		// starts without earlier state (and warms up, as a new registry does).
		this.recovery = new StoreRecovery(!found.created(), this.view.instanceCount(), 0, this.view.index(), null,
				"etcd prefix " + this.keys.prefix() + " at revision " + this.mirror.revision());
		logger.info("Registry on etcd (prefix " + this.keys.prefix() + ", epoch " + this.epoch + "): "
				+ this.view.instanceCount() + " instances at revision " + this.mirror.revision() + "; replica "
				+ this.membership.id() + (alone ? ", the first one running" : ""));
	}

	/** Tries a start-up step until it succeeds or the start-up time is up: etcd may still be electing a leader. */
	private <T> T retrying(String step, Callable<T> call, long deadline) throws Exception {
		while (true) {
			try {
				return call.call();
			}
			catch (Exception ex) {
				if (System.nanoTime() - deadline > 0) {
					throw ex;
				}
				logger.warn("Could not " + step + " from etcd yet (" + describe(ex) + "); trying again");
				Thread.sleep(500);
			}
		}
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
		return this.reachable && this.mirror.watching();
	}

	/**
	 * Asks etcd for the epoch with a linearizable read, which needs a leader. A few unanswered probes in a row (not
	 * one slow answer on a busy machine) make the replica read-only; the first answer ends it.
	 */
	private void probe() {
		this.renewals.abandonUnanswered(this.timeout);
		try {
			this.client.getKVClient().get(this.keys.epoch()).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!this.reachable) {
				logger.info("etcd answers again; the registry takes writes again (view at revision " + revision() + ")");
			}
			this.failedProbes = 0;
			this.reachable = true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			if (++this.failedProbes >= UNREACHABLE_AFTER && this.reachable) {
				logger.warn("etcd does not answer (" + describe(ex) + "); serving the view at revision " + revision()
						+ " read-only until it does");
				this.reachable = false;
			}
		}
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
		requireReachable();
		checkCapacity(service, instanceId);
		Instant now = this.clock.instant();
		RegisteredInstance instance = new RegisteredInstance(service, instanceId, spec, spec.status(),
				HealthState.PASSING, null, null, now, now, 0);
		Written written = this.writes.register(instance);
		RegisteredInstance applied = applied(service, instanceId, written.revision());
		return new RegistryChange(written.revision(), written.created() ? Kind.REGISTERED : Kind.UPDATED, service,
				instanceId, (applied != null) ? applied : instance.withStatus(instance.status(), written.revision()));
	}

	@Override
	public RegisteredInstance heartbeat(String service, String instanceId) {
		requireReachable();
		RegisteredInstance renewed = this.view.renew(service, instanceId, this.clock.instant());
		if (renewed == null) {
			// Registered through another replica a moment ago and not mirrored here yet? etcd knows.
			renewed = fromEtcd(service, instanceId);
		}
		renew(renewed, false);
		this.feed.heartbeat(renewed);
		return renewed;
	}

	@Override
	public RegisteredInstance setStatus(String service, String instanceId, InstanceStatus status) {
		requireReachable();
		return update(service, instanceId, (held) -> (held.status() == status) ? null : held.withStatus(status, 0));
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
		return update(service, instanceId,
				(held) -> (held.health() == health) ? null : held.withHealth(health, output, now, 0));
	}

	@Override
	public RegistryChange deregister(String service, String instanceId) {
		requireReachable();
		RegisteredInstance held = this.view.holds(service, instanceId) ? this.view.instance(service, instanceId)
				: fromEtcd(service, instanceId);
		Long revision = this.writes.remove(service, instanceId, 0);
		if (revision == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		this.mirror.awaitRevision(revision, this.timeout);
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
		Predicate<RegisteredInstance> held = this.protection.held();
		Instant now = this.clock.instant();
		long nanos = System.nanoTime();
		Map<RegisteredInstance, CompletableFuture<LeaseTimeToLiveResponse>> lookups = new HashMap<>();
		for (RegisteredInstance instance : this.view.allInstances()) {
			String key = key(instance.service(), instance.id());
			if (!this.membership.owns(instance.service(), instance.id())) {
				continue;
			}
			if (held != null && held.test(instance)) {
				renew(instance, false);
			}
			else if (instance.expired(now) && this.nextLeaseCheck.getOrDefault(key, 0L) - nanos <= 0
					&& this.leases.containsKey(key) && !this.askedToExpire.contains(key)) {
				lookups.put(instance, this.client.getLeaseClient().timeToLive(this.leases.get(key), LeaseOption.DEFAULT));
			}
		}
		lookups.forEach((instance, lookup) -> judgeExpiry(instance, lookup, guard, nanos));
		return List.of();
	}

	private void judgeExpiry(RegisteredInstance instance, CompletableFuture<LeaseTimeToLiveResponse> lookup,
			ExpiryGuard guard, long nanos) {
		String key = key(instance.service(), instance.id());
		long remaining;
		try {
			remaining = lookup.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).getTTL();
		}
		catch (Exception ex) {
			// Asked again at the next run.
			return;
		}
		if (remaining > EXPIRY_NOTICE_SECONDS) {
			// Heartbeats reached another replica: look again shortly before the lease could run out.
			this.nextLeaseCheck.put(key, nanos + TimeUnit.SECONDS.toNanos(remaining - EXPIRY_NOTICE_SECONDS));
		}
		else if (remaining >= 0) {
			if (guard.mayExpire(instance)) {
				this.askedToExpire.add(key);
			}
			else {
				renew(instance, true);
			}
		}
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
		requireReachable();
		Long revision = this.writes.remove(instance.service(), instance.id(), instance.index());
		if (revision != null) {
			this.mirror.awaitRevision(revision, this.timeout);
		}
		return revision != null;
	}

	/**
	 * Refuses a write (a heartbeat included: its renewal could not reach etcd, and the lease would run out behind
	 * the caller's back) while etcd does not answer, so the caller fails over to a replica that reaches it.
	 */
	private void requireReachable() {
		if (!this.reachable) {
			throw new StoreUnavailableException("etcd does not answer this replica; the registry is read-only here "
					+ "until it does (view at revision " + revision() + ")");
		}
	}

	private RegisteredInstance update(String service, String instanceId, Change change) {
		requireReachable();
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			RegisteredInstance held = (attempt == 0) ? this.view.instance(service, instanceId)
					: fromEtcd(service, instanceId);
			RegisteredInstance updated = change.apply(held);
			if (updated == null) {
				return held;
			}
			Written written = this.writes.replace(updated, held.index(), lease(held));
			if (written != null) {
				RegisteredInstance applied = applied(service, instanceId, written.revision());
				return (applied != null) ? applied : updated.withStatus(updated.status(), written.revision());
			}
		}
		throw new StoreUnavailableException("etcd kept changing " + service + "/" + instanceId
				+ " under this write; try again");
	}

	/** Waits until the view has applied a write of this replica, and returns the instance as it now holds it. */
	private @Nullable RegisteredInstance applied(String service, String instanceId, long revision) {
		this.mirror.awaitRevision(revision, this.timeout);
		if (!this.view.holds(service, instanceId)) {
			return null;
		}
		RegisteredInstance held = this.view.instance(service, instanceId);
		return (held.index() == revision) ? held : null;
	}

	private RegisteredInstance fromEtcd(String service, String instanceId) {
		KeyValue kv = this.writes.read(service, instanceId);
		if (kv == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		this.leases.put(key(service, instanceId), kv.getLease());
		return this.codec.decode(service, instanceId, kv.getValue(), kv.getModRevision(), this.clock.instant());
	}

	private void renew(RegisteredInstance instance, boolean now) {
		Long lease = this.leases.get(key(instance.service(), instance.id()));
		if (lease == null) {
			return;
		}
		if (now) {
			this.renewals.renewNow(lease);
		}
		else {
			this.renewals.heartbeat(lease, instance.spec().leaseTtl());
		}
	}

	private long lease(RegisteredInstance instance) {
		Long lease = this.leases.get(key(instance.service(), instance.id()));
		if (lease == null) {
			fromEtcd(instance.service(), instance.id());
			lease = this.leases.getOrDefault(key(instance.service(), instance.id()), 0L);
		}
		return lease;
	}

	private void checkCapacity(String service, String instanceId) {
		if (this.view.holds(service, instanceId)) {
			return;
		}
		if (this.view.instanceCount(service) >= this.maxPerService) {
			throw new CapacityExceededException("Service '" + service + "' already has " + this.maxPerService
					+ " instances, the most the registry allows per service");
		}
		if (this.view.instanceCount() >= this.maxTotal) {
			throw new CapacityExceededException(
					"The registry already holds " + this.maxTotal + " instances, the most it allows");
		}
	}

	private static String key(String service, String instanceId) {
		return service + "/" + instanceId;
	}

	/** Leaves the replicas at once (the others take this one's health checks) and stops following etcd. */
	@Override
	public void close() {
		ScheduledFuture<?> running = this.probe;
		if (running != null) {
			running.cancel(false);
		}
		this.membership.close();
		this.mirror.close();
		this.client.close();
	}

	/**
	 * Protection mode as a replica of a cluster needs it: every replica judges the same losses (an expiry decided by
	 * etcd, a failed check recorded by another replica), so all of them protect the same scopes, and each keeps the
	 * leases it owns in those scopes alive.
	 */
	public interface ClusterProtection {

		/** No protection. */
		ClusterProtection NONE = new ClusterProtection() {

			@Override
			public @Nullable Predicate<RegisteredInstance> held() {
				return null;
			}

			@Override
			public void lost(RegisteredInstance instance, boolean expired) {
			}

			@Override
			public void recovered(RegisteredInstance instance) {
			}

		};

		/**
		 * The instances protection mode holds now (by their service's rule or their tenant's).
		 * @return a test of instances, or {@code null} when nothing is protected
		 */
		@Nullable Predicate<RegisteredInstance> held();

		/**
		 * A passing instance was lost by a decision made elsewhere.
		 * @param instance the instance before the loss
		 * @param expired whether its lease ran out (rather than its check failed)
		 */
		void lost(RegisteredInstance instance, boolean expired);

		/**
		 * An instance passes its check again, as another replica recorded.
		 * @param instance the instance
		 */
		void recovered(RegisteredInstance instance);

	}

	@FunctionalInterface
	private interface Change {

		/** The instance after the change (its index is set by the write), or {@code null} if it needs none. */
		@Nullable RegisteredInstance apply(RegisteredInstance held);

	}

	/**
	 * Applies what the mirror reads to the local view and publishes it; keeps each instance's lease. Losses decided
	 * elsewhere (an expiry by etcd, a failed check by the owning replica) are reported to protection mode before
	 * they are published, so they count on every replica alike.
	 */
	private final class Applier implements MirrorListener {

		@Override
		public void reset(long revision, List<Mirrored> instances) {
			Map<String, Mirrored> wanted = new HashMap<>();
			instances.forEach((m) -> wanted.put(key(m.instance().service(), m.instance().id()), m));
			if (EtcdStore.this.view.instanceCount() == 0 && EtcdStore.this.view.index() == 0) {
				wanted.values().forEach((m) -> EtcdStore.this.leases.put(key(m.instance().service(), m.instance().id()),
						m.lease()));
				EtcdStore.this.view.load(instances.stream().map(Mirrored::instance).toList(), revision);
				return;
			}
			// A reload after etcd compacted history this replica missed: publish the difference.
			for (RegisteredInstance held : EtcdStore.this.view.allInstances()) {
				if (!wanted.containsKey(key(held.service(), held.id()))) {
					removed(held.service(), held.id(), revision, false);
				}
			}
			for (Mirrored mirrored : instances) {
				RegisteredInstance instance = mirrored.instance();
				boolean held = EtcdStore.this.view.holds(instance.service(), instance.id());
				if (!held || EtcdStore.this.view.instance(instance.service(), instance.id()).index() != instance.index()) {
					put(mirrored, !held);
				}
			}
		}

		@Override
		public void put(Mirrored mirrored, boolean created) {
			RegisteredInstance instance = mirrored.instance();
			String key = key(instance.service(), instance.id());
			EtcdStore.this.nextLeaseCheck.remove(key);
			EtcdStore.this.askedToExpire.remove(key);
			Long old = EtcdStore.this.leases.put(key, mirrored.lease());
			if (old != null && old != mirrored.lease()) {
				EtcdStore.this.renewals.forget(old);
			}
			boolean held = EtcdStore.this.view.holds(instance.service(), instance.id());
			Kind kind = (created || !held) ? Kind.REGISTERED : Kind.UPDATED;
			if (kind == Kind.UPDATED && !EtcdStore.this.membership.owns(instance.service(), instance.id())) {
				judged(EtcdStore.this.view.instance(instance.service(), instance.id()), instance);
			}
			publish(apply(new RegistryChange(instance.index(), kind, instance.service(), instance.id(), instance)));
		}

		@Override
		public void removed(String service, String id, long revision, boolean deregistered) {
			String key = key(service, id);
			Long lease = EtcdStore.this.leases.remove(key);
			if (lease != null) {
				EtcdStore.this.renewals.forget(lease);
			}
			EtcdStore.this.nextLeaseCheck.remove(key);
			boolean judged = EtcdStore.this.askedToExpire.remove(key);
			EtcdStore.this.membership.forget(service, id);
			if (!EtcdStore.this.view.holds(service, id)) {
				return;
			}
			RegisteredInstance held = EtcdStore.this.view.instance(service, id);
			if (!deregistered && !judged && held.passing()) {
				EtcdStore.this.protection.lost(held, true);
			}
			publish(apply(new RegistryChange(revision, deregistered ? Kind.DEREGISTERED : Kind.EXPIRED, service, id,
					held)));
		}

		/** A health change another replica recorded counts here as it did there. */
		private void judged(RegisteredInstance before, RegisteredInstance after) {
			if (before.passing() && after.health() == HealthState.CRITICAL) {
				EtcdStore.this.protection.lost(before, false);
			}
			else if (before.health() == HealthState.CRITICAL && after.health() != HealthState.CRITICAL) {
				EtcdStore.this.protection.recovered(after);
			}
		}

		@Override
		public void members(Set<String> members) {
			EtcdStore.this.membership.members(members);
		}

	}

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
	public record Settings(String prefix, String replicaId, String replicaAddress, Duration memberTtl,
			Duration timeout, int maxPerService, int maxTotal) {
	}

}
