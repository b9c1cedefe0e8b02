package dev.discovery.server.protection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Meters of protection mode: {@code discovery.protection.active} (1 while anything is protected),
 * {@code discovery.protection.held} (instances kept in spite of failing or expiring), and
 * {@code discovery.protection.scope} with tags {@code service} ({@code *} for the whole registry,
 * {@code tenant:<name>} for a tenant) and {@code reason}, whose value is the number of instances held there.
 */
public class ProtectionMetrics {

	private final AtomicInteger active = new AtomicInteger();

	private final AtomicInteger held = new AtomicInteger();

	private final MultiGauge scopes;

	public ProtectionMetrics(ProtectionMode protection, MeterRegistry meters) {
		Gauge.builder("discovery.protection.active", this.active, AtomicInteger::get)
			.description("1 while protection mode holds back instance losses anywhere, else 0")
			.register(meters);
		Gauge.builder("discovery.protection.held", this.held, AtomicInteger::get)
			.description("Instances kept in the passing view by protection mode")
			.register(meters);
		this.scopes = MultiGauge.builder("discovery.protection.scope")
			.description("Instances held by protection mode, by protected service and reason")
			.register(meters);
		protection.observe(this::update);
	}

	private static MultiGauge.Row<?> row(String name, String reason, ProtectionReport.Scope scope) {
		return MultiGauge.Row.of(Tags.of("service", name, "reason", reason), scope.held().size());
	}

	private void update(ProtectionReport report) {
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		Set<String> held = new HashSet<>();
		for (ProtectionReport.Scope scope : report.services()) {
			rows.add(row(scope.name(), "service-losses", scope));
			scope.held().forEach((id) -> held.add(scope.name() + "/" + id));
		}
		for (ProtectionReport.Scope scope : report.tenants()) {
			rows.add(row("tenant:" + scope.name(), "tenant-losses", scope));
			held.addAll(scope.held());
		}
		if (report.registry() != null) {
			rows.add(row(report.registry().name(), "registry-losses", report.registry()));
			held.addAll(report.registry().held());
		}
		this.scopes.register(rows, true);
		this.active.set(report.active() ? 1 : 0);
		this.held.set(held.size());
	}

}
