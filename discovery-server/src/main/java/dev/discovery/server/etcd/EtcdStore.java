package dev.discovery.server.etcd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.etcd.EtcdWrites.Written;
import dev.discovery.server.registry.CapacityExceededException;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryChange.Kind;
import dev.discovery.server.registry.RegistryMirror;

/**
 * The registry kept in etcd: writes are etcd transactions (one Raft write each), the change index is etcd's revision,
 * and reads are served from a {@link RegistryMirror} that one etcd watch keeps in step. Heartbeats renew the
 * instance's etcd lease through {@link LeaseRenewals} without a Raft write. A writer waits until its own mirror has
 * applied the write, so a client reads its writes from the replica it wrote to.
 */
public class EtcdStore implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EtcdStore.class);

	/** Attempts of a compare-and-set write that other replicas keep changing under it. */
	private static final int ATTEMPTS = 5;

	private final Client client;

	private final EtcdKeys keys;

	private final InstanceCodec codec = new InstanceCodec();

	private final RegistryMirror view;

	private final EtcdWrites writes;

	private final EtcdMirror mirror;

	private final LeaseRenewals renewals;

	private final Membership membership;

	private final Clock clock;

	private final Duration timeout;

	private final int maxPerService;

	private final int maxTotal;

	/** Each instance's etcd lease, as the mirror last saw it. */
	private final Map<String, Long> leases = new ConcurrentHashMap<>();

	private volatile @Nullable String epoch;

	/**
	 * A store on a connected etcd client; {@link #start()} loads it.
	 * @param client the etcd client, closed with the store
	 * @param settings where and how
	 * @param view the local read structures to fill
	 * @param clock the registry's clock, for timestamps
	 * @param scheduler runs the mirror's retries and the membership's renewals
	 */
	public EtcdStore(Client client, Settings settings, RegistryMirror view, Clock clock,
			ScheduledExecutorService scheduler) {
		this.client = client;
		this.keys = new EtcdKeys(settings.prefix());
		this.view = view;
		this.clock = clock;
		this.timeout = settings.timeout();
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
	 * @throws Exception if etcd cannot be read
	 */
	public void start() throws Exception {
		this.epoch = EtcdEpoch.readOrCreate(this.client.getKVClient(), this.keys, this.timeout);
		this.mirror.start();
		boolean alone = this.membership.members().isEmpty();
		this.membership.join(this.timeout);
		if (alone) {
			// No replica was running: nobody renewed leases meanwhile. Like a restored snapshot, every instance gets
			// a full TTL from now to send its next heartbeat.
			this.view.allInstances().forEach((instance) -> renew(instance, true));
		}
		logger.info("Registry on etcd (prefix " + this.keys.all().toString() + ", epoch " + this.epoch + "): "
				+ this.view.instanceCount() + " instances at revision " + this.mirror.revision() + ", replica "
				+ this.membership.id() + " of " + (this.membership.members().size() + (alone ? 1 : 0)));
	}

	/** The local view of the registry, for reads. */
	public RegistryMirror view() {
		return this.view;
	}

	/** The identity of the index space, the same on every replica. */
	public String epoch() {
		String current = this.epoch;
		if (current == null) {
			throw new IllegalStateException("The etcd store has not started");
		}
		return current;
	}

	/** Whether the mirror is following etcd now. */
	public boolean connected() {
		return this.mirror.watching();
	}

	/** The last etcd revision this replica applied. */
	public long revision() {
		return this.mirror.revision();
	}

	/** How many lease renewals etcd acknowledged, and how many failed. */
	public long[] renewalCounts() {
		return new long[] { this.renewals.renewals(), this.renewals.failures() };
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

	/** The ids of the live replicas. */
	public Set<String> members() {
		return this.membership.members();
	}

	public RegistryChange register(String service, String instanceId, InstanceSpec spec) {
		checkCapacity(service, instanceId);
		Instant now = this.clock.instant();
		RegisteredInstance instance = new RegisteredInstance(service, instanceId, spec, spec.status(),
				HealthState.PASSING, null, null, now, now, 0);
		Written written = this.writes.register(instance);
		RegisteredInstance applied = applied(service, instanceId, written.revision());
		return new RegistryChange(written.revision(), written.created() ? Kind.REGISTERED : Kind.UPDATED, service,
				instanceId, (applied != null) ? applied : at(instance, written.revision()));
	}

	public RegisteredInstance heartbeat(String service, String instanceId) {
		RegisteredInstance renewed = this.view.heartbeat(service, instanceId, this.clock.instant());
		if (renewed == null) {
			// Registered through another replica a moment ago, and not mirrored here yet?
			renewed = fromEtcd(service, instanceId);
		}
		renew(renewed, false);
		return renewed;
	}

	public RegisteredInstance setStatus(String service, String instanceId, InstanceStatus status) {
		return update(service, instanceId, (held) -> (held.status() == status) ? null : withStatus(held, status));
	}

	public RegisteredInstance setHealth(String service, String instanceId, HealthState health,
			@Nullable String output) {
		Instant now = this.clock.instant();
		RegisteredInstance held = this.view.instance(service, instanceId);
		if (held.health() == health) {
			return this.view.observed(held, health, output, now);
		}
		return update(service, instanceId, (current) -> (current.health() == health) ? null
				: new RegisteredInstance(current.service(), current.id(), current.spec(), current.status(), health,
						output, now, current.registeredAt(), current.lastHeartbeat(), 0));
	}

	public RegistryChange deregister(String service, String instanceId) {
		RegisteredInstance held = this.view.instance(service, instanceId);
		Long revision = this.writes.remove(service, instanceId, 0);
		if (revision == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		this.mirror.awaitRevision(revision, this.timeout);
		return new RegistryChange(revision, Kind.DEREGISTERED, service, instanceId, held);
	}

	/**
	 * Removes an instance that has been critical for too long, unless it changed since it was seen.
	 * @param instance the instance as last seen
	 * @return whether it was removed
	 */
	public boolean removeCritical(RegisteredInstance instance) {
		Long revision = this.writes.remove(instance.service(), instance.id(), instance.index());
		if (revision != null) {
			this.mirror.awaitRevision(revision, this.timeout);
		}
		return revision != null;
	}

	/**
	 * Keeps an instance's lease from running out now, whatever heartbeats it sent (protection mode holds it).
	 * @param instance the instance
	 */
	public void hold(RegisteredInstance instance) {
		renew(instance, false);
	}

	private RegisteredInstance update(String service, String instanceId, Change change) {
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
				return (applied != null) ? applied : at(updated, written.revision());
			}
		}
		throw new EtcdUnavailableException("etcd kept changing " + service + "/" + instanceId + " under this write",
				new IllegalStateException("compare-and-set lost " + ATTEMPTS + " times"));
	}

	private @Nullable RegisteredInstance applied(String service, String instanceId, long revision) {
		this.mirror.awaitRevision(revision, this.timeout);
		try {
			RegisteredInstance held = this.view.instance(service, instanceId);
			return (held.index() == revision) ? held : null;
		}
		catch (InstanceNotFoundException ex) {
			return null;
		}
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
		try {
			this.view.instance(service, instanceId);
			return;
		}
		catch (InstanceNotFoundException ex) {
			// A new instance: counts against the limits.
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

	private static RegisteredInstance withStatus(RegisteredInstance held, InstanceStatus status) {
		return new RegisteredInstance(held.service(), held.id(), held.spec(), status, held.health(),
				held.healthOutput(), held.lastCheckAt(), held.registeredAt(), held.lastHeartbeat(), 0);
	}

	private static RegisteredInstance at(RegisteredInstance instance, long revision) {
		return new RegisteredInstance(instance.service(), instance.id(), instance.spec(), instance.status(),
				instance.health(), instance.healthOutput(), instance.lastCheckAt(), instance.registeredAt(),
				instance.lastHeartbeat(), revision);
	}

	private static String key(String service, String instanceId) {
		return service + "/" + instanceId;
	}

	/** Leaves the replicas at once and stops following etcd; closes the client. */
	@Override
	public void close() {
		this.membership.close();
		this.mirror.close();
		this.client.close();
	}

	@FunctionalInterface
	private interface Change {

		/** The instance after the change, or {@code null} if it needs none. */
		@Nullable RegisteredInstance apply(RegisteredInstance held);

	}

	/** Applies what the mirror reads to the local view, and keeps the lease of each instance. */
	private final class Applier implements MirrorListener {

		@Override
		public void reset(long revision, List<Mirrored> instances) {
			boolean first = EtcdStore.this.view.index() == 0 && EtcdStore.this.view.instanceCount() == 0;
			instances.forEach((m) -> EtcdStore.this.leases.put(key(m.instance().service(), m.instance().id()), m.lease()));
			EtcdStore.this.view.reset(revision, instances.stream().map(Mirrored::instance).toList(), !first);
		}

		@Override
		public void put(Mirrored mirrored, boolean created) {
			RegisteredInstance instance = mirrored.instance();
			Long old = EtcdStore.this.leases.put(key(instance.service(), instance.id()), mirrored.lease());
			if (old != null && old != mirrored.lease()) {
				EtcdStore.this.renewals.forget(old);
			}
			EtcdStore.this.view.put(instance, created);
		}

		@Override
		public void removed(String service, String id, long revision, boolean deregistered) {
			Long lease = EtcdStore.this.leases.remove(key(service, id));
			if (lease != null) {
				EtcdStore.this.renewals.forget(lease);
			}
			EtcdStore.this.membership.forget(service, id);
			EtcdStore.this.view.remove(service, id, revision, deregistered ? Kind.DEREGISTERED : Kind.EXPIRED);
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
