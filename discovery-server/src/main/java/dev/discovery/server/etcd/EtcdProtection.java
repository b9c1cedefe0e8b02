package dev.discovery.server.etcd;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.registry.RegisteredInstance;

/**
 * Protection mode as the etcd store needs it: losses decided elsewhere are judged here too, and the expiry run asks
 * which instances it holds (each for at most its maximum hold).
 */
final class EtcdProtection implements ClusterProtection {

	private final ProtectionMode protection;

	EtcdProtection(ProtectionMode protection) {
		this.protection = protection;
	}

	@Override
	public @Nullable Predicate<RegisteredInstance> held() {
		if (!this.protection.report().active()) {
			return null;
		}
		return (instance) -> this.protection.holds(instance.service(), instance.id());
	}

	@Override
	public void lost(RegisteredInstance instance, boolean expired) {
		this.protection.allowLoss(instance, expired);
	}

	@Override
	public void recovered(RegisteredInstance instance) {
		this.protection.recovered(instance.service(), instance.id());
	}

}
