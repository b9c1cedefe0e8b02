package dev.discovery.server.etcd;

import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.protection.ProtectionMode;
import dev.discovery.server.protection.ProtectionReport;
import dev.discovery.server.registry.RegisteredInstance;

/**
 * Protection mode as the etcd store needs it: losses decided elsewhere are judged here too, and what it holds is
 * read once per expiry run.
 */
final class EtcdProtection implements EtcdStore.ClusterProtection {

	private final ProtectionMode protection;

	EtcdProtection(ProtectionMode protection) {
		this.protection = protection;
	}

	@Override
	public @Nullable Predicate<String> held() {
		ProtectionReport report = this.protection.report();
		if (!report.active()) {
			return null;
		}
		if (report.registry() != null) {
			return (service) -> true;
		}
		Set<String> services = report.services().stream().map(ProtectionReport.Scope::name).collect(Collectors.toSet());
		return services::contains;
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
