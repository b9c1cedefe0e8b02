package dev.discovery.server.etcd;

import java.time.Clock;
import java.time.Duration;

import io.etcd.jetcd.KeyValue;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.etcd.EtcdWrites.Written;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.LocalView;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryChange.Kind;
import dev.discovery.server.registry.StoreUnavailableException;

/**
 * A replica's writes to etcd, each returning once etcd committed it and this replica's own view applied it, so a
 * client reads its writes from the replica it wrote to. Updates are compare-and-set on the instance's revision,
 * tried again on what etcd holds when another replica changed it first.
 */
final class CommittedWrites {

	/** Attempts of a compare-and-set write that other replicas keep changing under it. */
	private static final int ATTEMPTS = 5;

	private final EtcdWrites writes;

	private final EtcdMirror mirror;

	private final LocalView view;

	private final InstanceLeases leases;

	private final InstanceCodec codec;

	private final Clock clock;

	private final Duration timeout;

	CommittedWrites(EtcdWrites writes, EtcdMirror mirror, LocalView view, InstanceLeases leases, InstanceCodec codec,
			Clock clock, Duration timeout) {
		this.writes = writes;
		this.mirror = mirror;
		this.view = view;
		this.leases = leases;
		this.codec = codec;
		this.clock = clock;
		this.timeout = timeout;
	}

	/**
	 * Registers (or replaces) an instance.
	 * @param instance the instance, its index not set yet
	 * @return the change, the instance as the view holds it
	 */
	RegistryChange register(RegisteredInstance instance) {
		String service = instance.service();
		String instanceId = instance.id();
		Written written = this.writes.register(instance);
		RegisteredInstance applied = applied(service, instanceId, written.revision());
		return new RegistryChange(written.revision(), written.created() ? Kind.REGISTERED : Kind.UPDATED, service,
				instanceId, (applied != null) ? applied : instance.withStatus(instance.status(), written.revision()));
	}

	/**
	 * Changes an instance, from the view's copy first and from etcd's when another replica changed it meanwhile.
	 * @param service the service
	 * @param instanceId the instance id
	 * @param change the change
	 * @return the instance after the change (as held when it needed none)
	 */
	RegisteredInstance update(String service, String instanceId, Change change) {
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

	/**
	 * Deletes an instance's key.
	 * @param service the service
	 * @param instanceId the instance id
	 * @param index the revision the key must still have, or 0 for any
	 * @return the revision of the delete, or {@code null} if there was no such key (at that revision)
	 */
	@Nullable Long remove(String service, String instanceId, long index) {
		Long revision = this.writes.remove(service, instanceId, index);
		if (revision != null) {
			this.mirror.awaitRevision(revision, this.timeout);
		}
		return revision;
	}

	/**
	 * Reads an instance from etcd rather than the view, and notes its lease.
	 * @param service the service
	 * @param instanceId the instance id
	 * @return the instance
	 * @throws InstanceNotFoundException if etcd does not hold it
	 */
	RegisteredInstance fromEtcd(String service, String instanceId) {
		KeyValue kv = this.writes.read(service, instanceId);
		if (kv == null) {
			throw new InstanceNotFoundException(service, instanceId);
		}
		this.leases.known(service, instanceId, kv.getLease());
		return this.codec.decode(service, instanceId, kv.getValue(), kv.getModRevision(), this.clock.instant());
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

	private long lease(RegisteredInstance instance) {
		Long lease = this.leases.lease(instance.service(), instance.id());
		if (lease == null) {
			fromEtcd(instance.service(), instance.id());
			lease = this.leases.lease(instance.service(), instance.id());
		}
		return (lease != null) ? lease : 0L;
	}

	/** A change to an instance. */
	@FunctionalInterface
	interface Change {

		/** The instance after the change (its index is set by the write), or {@code null} if it needs none. */
		@Nullable RegisteredInstance apply(RegisteredInstance held);

	}

}
