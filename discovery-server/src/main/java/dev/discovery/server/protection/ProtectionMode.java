package dev.discovery.server.protection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.discovery.protocol.Durations;
import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;

/**
 * Protection mode (Eureka's self-preservation, Envoy's panic threshold): when more than a share of a service's
 * instances, or of all instances, fail their checks or let their leases expire within a short window, the registry
 * suspects itself or the network rather than the instances. It then holds back further losses, so the service keeps
 * its last passing set, until enough held instances recover (or new ones register) that the losses fall back
 * within the threshold.
 * <p>
 * Every question is answered under this object's monitor; the registry may call in while holding its write lock,
 * so this class never calls the registry's write methods.
 */
public class ProtectionMode implements ExpiryGuard, RegistryListener {

	private static final Log logger = LogFactory.getLog(ProtectionMode.class);

	static final String REGISTRY_SCOPE = "*";

	private final Registry registry;

	private final Clock clock;

	private final Settings settings;

	private final Map<String, LossWindow> services = new HashMap<>();

	private final LossWindow all = new LossWindow();

	private volatile boolean holding;

	private volatile Consumer<ProtectionReport> observer = (report) -> {
	};

	public ProtectionMode(Registry registry, Clock clock, Settings settings) {
		this.registry = registry;
		this.clock = clock;
		this.settings = settings;
	}

	/** Hears of every change of what is protected, under the monitor (for metrics). */
	public void observe(Consumer<ProtectionReport> observer) {
		this.observer = observer;
	}

	@Override
	public boolean mayExpire(RegisteredInstance candidate) {
		return allowLoss(candidate, true);
	}

	/**
	 * Asks whether an instance may leave the passing view (turn critical) or the registry (expire).
	 * @param instance the instance about to be lost
	 * @param removal whether it leaves the registry, not only the passing view
	 * @return {@code true} if it may go, {@code false} if protection holds it
	 */
	public synchronized boolean allowLoss(RegisteredInstance instance, boolean removal) {
		// One that already left the passing view (critical, out of service) loses callers nothing more.
		if (!this.settings.enabled() || !instance.passing()) {
			return true;
		}
		Instant now = this.clock.instant();
		LossWindow service = this.services.computeIfAbsent(instance.service(), (name) -> new LossWindow());
		Instant cutoff = now.minus(this.settings.window());
		service.prune(cutoff);
		this.all.prune(cutoff);
		int serviceSize = this.registry.instanceCount(instance.service()) + service.removals();
		int registrySize = this.registry.instanceCount() + this.all.removals();
		int heldBefore = service.held.size() + this.all.held.size();
		boolean heldByService = judge(service, instance.service(), instance.id(), serviceSize,
				this.settings.minInstances(), now, removal);
		boolean heldByRegistry = judge(this.all, REGISTRY_SCOPE, instance.service() + "/" + instance.id(),
				registrySize, this.settings.minRegistryInstances(), now, removal);
		if (heldByService || heldByRegistry) {
			// Held instances are asked about again on every expiry run and check: only news is published.
			if (service.held.size() + this.all.held.size() != heldBefore) {
				changed();
			}
			return false;
		}
		service.record(now, removal);
		this.all.record(now, removal);
		changed();
		return true;
	}

	private boolean judge(LossWindow window, String scope, String member, int size, int minimum, Instant now,
			boolean removal) {
		boolean alreadyHeld = window.held.containsKey(member);
		int lost = window.lost() + window.held.size() + (alreadyHeld ? 0 : 1);
		// The minimum size guards entering protection only: once in, losses that aged out of the window leave a
		// smaller registered set, which must not end protection while the held instances are still out.
		boolean eligible = !window.held.isEmpty() || size >= minimum;
		if (eligible && lost > this.settings.threshold() * size) {
			if (window.held.isEmpty()) {
				window.since = now;
				logger.warn("Protection mode on for " + scopeName(scope) + ": " + lost + " of " + size
						+ " instances failed or expired within " + Durations.format(this.settings.window())
						+ "; keeping them in the passing view until they recover");
			}
			window.held.put(member, removal);
			window.reason = lost + " of " + size + " instances failed or expired within "
					+ Durations.format(this.settings.window()) + " (threshold " + percent() + ")";
			return true;
		}
		release(window, scope, member, false);
		return false;
	}

	/**
	 * Notes that an instance passes its check again; if protection held it, it no longer needs to.
	 * @param service the service name
	 * @param instanceId the instance id
	 */
	public void recovered(String service, String instanceId) {
		release(service, instanceId, false);
	}

	private void release(String service, String instanceId, boolean expiredOnly) {
		if (!this.holding) {
			return;
		}
		synchronized (this) {
			LossWindow window = this.services.get(service);
			boolean released = window != null && release(window, service, instanceId, expiredOnly);
			if (release(this.all, REGISTRY_SCOPE, service + "/" + instanceId, expiredOnly) || released) {
				changed();
			}
		}
	}

	private boolean release(LossWindow window, String scope, String member, boolean expiredOnly) {
		Boolean expired = window.held.get(member);
		if (expired == null || (expiredOnly && !expired)) {
			return false;
		}
		window.held.remove(member);
		if (window.held.isEmpty()) {
			logger.info("Protection mode off for " + scopeName(scope) + " (since " + window.since + ")");
			window.since = null;
		}
		return true;
	}

	@Override
	public void onHeartbeat(RegisteredInstance instance) {
		// A heartbeat ends an expiry hold; a failing check is not cured by it (the instance may be unreachable).
		release(instance.service(), instance.id(), true);
	}

	@Override
	public void onChange(RegistryChange change) {
		// A held instance that deregisters, or registers again (it is alive), is no longer held back. An expiry is
		// not a recovery: a store whose backend expires leases itself (etcd) reports it after the fact, and the
		// instance stays counted as held until it comes back.
		boolean reregistered = change.kind() == RegistryChange.Kind.UPDATED && change.instance().lastCheckAt() == null;
		if (change.kind() == RegistryChange.Kind.DEREGISTERED || change.kind() == RegistryChange.Kind.REGISTERED
				|| reregistered) {
			recovered(change.service(), change.instanceId());
		}
	}

	/**
	 * What is protected now.
	 * @return the report
	 */
	public synchronized ProtectionReport report() {
		List<ProtectionReport.Scope> scopes = new ArrayList<>();
		this.services.forEach((name, window) -> {
			if (!window.held.isEmpty()) {
				scopes.add(scope(name, window));
			}
		});
		scopes.sort((a, b) -> a.name().compareTo(b.name()));
		return new ProtectionReport(this.settings.enabled(), this.settings.threshold(),
				Durations.format(this.settings.window()), this.all.held.isEmpty() ? null : scope(REGISTRY_SCOPE, this.all),
				scopes);
	}

	private static ProtectionReport.Scope scope(String name, LossWindow window) {
		return new ProtectionReport.Scope(name, window.reason, (window.since != null) ? window.since : Instant.EPOCH,
				List.copyOf(window.held.keySet()));
	}

	private void changed() {
		Instant cutoff = this.clock.instant().minus(this.settings.window());
		this.services.values().forEach((window) -> window.prune(cutoff));
		this.services.values().removeIf(LossWindow::idle);
		this.holding = !this.all.held.isEmpty() || this.services.values().stream().anyMatch((w) -> !w.held.isEmpty());
		this.observer.accept(report());
	}

	private String percent() {
		return Math.round(this.settings.threshold() * 100) + "%";
	}

	private static String scopeName(String scope) {
		return REGISTRY_SCOPE.equals(scope) ? "the whole registry" : "service " + scope;
	}

	/**
	 * How protection mode decides.
	 *
	 * @param enabled whether it may start at all
	 * @param threshold the share of instances (0-1) that may fail or expire within the window; more starts it
	 * @param window how far back losses count
	 * @param minInstances services with fewer instances are never protected on their own
	 * @param minRegistryInstances the registry-wide rule applies from this many instances
	 */
	public record Settings(boolean enabled, double threshold, Duration window, int minInstances,
			int minRegistryInstances) {

		/** On, half of the instances within 30 seconds, services of three or more, registries of ten or more. */
		public static Settings defaults() {
			return new Settings(true, 0.5, Duration.ofSeconds(30), 3, 10);
		}

	}

}
