package dev.discovery.server.etcd;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.discovery.protocol.HealthState;
import dev.discovery.server.registry.LocalView;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryChange.Kind;

/**
 * Applies what the mirror reads to the local view and publishes it; keeps each instance's lease. Losses decided
 * elsewhere (an expiry by etcd, a failed check by the owning replica) are reported to protection mode before they
 * are published, so they count on every replica alike.
 */
final class MirrorApplier implements MirrorListener {

	private final LocalView view;

	private final InstanceLeases leases;

	private final Membership membership;

	private final Supplier<ClusterProtection> protection;

	/** Applies a change to the view and tells the store's listeners. */
	private final Consumer<RegistryChange> publish;

	MirrorApplier(LocalView view, InstanceLeases leases, Membership membership, Supplier<ClusterProtection> protection,
			Consumer<RegistryChange> publish) {
		this.view = view;
		this.leases = leases;
		this.membership = membership;
		this.protection = protection;
		this.publish = publish;
	}

	@Override
	public void reset(long revision, List<Mirrored> instances) {
		Map<String, Mirrored> wanted = new HashMap<>();
		instances.forEach((m) -> wanted.put(InstanceLeases.key(m.instance().service(), m.instance().id()), m));
		if (this.view.instanceCount() == 0 && this.view.index() == 0) {
			wanted.values()
				.forEach((m) -> this.leases.known(m.instance().service(), m.instance().id(), m.lease()));
			this.view.load(instances.stream().map(Mirrored::instance).toList(), revision);
			return;
		}
		// A reload after etcd compacted history this replica missed: publish the difference.
		for (RegisteredInstance held : this.view.allInstances()) {
			if (!wanted.containsKey(InstanceLeases.key(held.service(), held.id()))) {
				removed(held.service(), held.id(), revision, false);
			}
		}
		for (Mirrored mirrored : instances) {
			RegisteredInstance instance = mirrored.instance();
			boolean held = this.view.holds(instance.service(), instance.id());
			if (!held || this.view.instance(instance.service(), instance.id()).index() != instance.index()) {
				put(mirrored, !held);
			}
		}
	}

	@Override
	public void put(Mirrored mirrored, boolean created) {
		RegisteredInstance instance = mirrored.instance();
		this.leases.written(instance.service(), instance.id(), mirrored.lease());
		boolean held = this.view.holds(instance.service(), instance.id());
		Kind kind = (created || !held) ? Kind.REGISTERED : Kind.UPDATED;
		if (kind == Kind.UPDATED && !this.membership.owns(instance.service(), instance.id())) {
			judged(this.view.instance(instance.service(), instance.id()), instance);
		}
		this.publish.accept(new RegistryChange(instance.index(), kind, instance.service(), instance.id(), instance));
	}

	@Override
	public void removed(String service, String id, long revision, boolean deregistered) {
		boolean judged = this.leases.deleted(service, id);
		this.membership.forget(service, id);
		if (!this.view.holds(service, id)) {
			return;
		}
		RegisteredInstance held = this.view.instance(service, id);
		if (!deregistered && !judged && held.passing()) {
			this.protection.get().lost(held, true);
		}
		this.publish.accept(new RegistryChange(revision, deregistered ? Kind.DEREGISTERED : Kind.EXPIRED, service, id,
				held));
	}

	/** A health change another replica recorded counts here as it did there. */
	private void judged(RegisteredInstance before, RegisteredInstance after) {
		if (before.passing() && after.health() == HealthState.CRITICAL) {
			this.protection.get().lost(before, false);
		}
		else if (before.health() == HealthState.CRITICAL && after.health() != HealthState.CRITICAL) {
			this.protection.get().recovered(after);
		}
	}

	@Override
	public void members(Set<String> members) {
		this.membership.members(members);
	}

}
