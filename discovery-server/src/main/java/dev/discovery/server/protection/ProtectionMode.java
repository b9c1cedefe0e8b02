package dev.discovery.server.protection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.discovery.protocol.Durations;
import dev.discovery.server.protection.HeldInstances.Hold;
import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryListener;

/**
 * Protection mode (Eureka's self-preservation, Envoy's panic threshold): when more than a share of a service's
 * instances, or of a tenant's, fail their checks or let their leases expire within a short window, the registry
 * suspects itself or the network rather than the instances. It then holds back further losses, so the scope keeps its
 * last passing set, until enough held instances recover (or new ones register) that the losses fall back within the
 * threshold, and never longer than {@link Settings#maxHold()} per instance.
 * <p>
 * A tenant is everything the same clients may write ({@link Tenants}): one tenant's lapsed leases never hold another
 * tenant's instances. An instance released because it was held too long is let go without counting as a new loss,
 * so holds end and do not feed themselves.
 * <p>
 * Every question is answered under this object's monitor; the registry may call in while holding its write lock,
 * so this class never calls the registry's write methods. Each scope's losses and the decision to hold are a
 * {@link LossWindow}'s; this class asks both of an instance's scopes and keeps the holds across them.
 */
public class ProtectionMode implements ExpiryGuard, RegistryListener {

	private static final Log logger = LogFactory.getLog(ProtectionMode.class);

	static final String REGISTRY_SCOPE = Tenants.EVERYONE;

	private final Registry registry;

	private final Clock clock;

	private final Settings settings;

	private final LossWindows windows = new LossWindows();

	private final TenantSizes tenantSizes;

	private final HeldInstances held = new HeldInstances();

	private volatile boolean holding;

	private volatile boolean outlastedAny;

	private volatile Consumer<ProtectionReport> observer = (report) -> {
	};

	public ProtectionMode(Registry registry, Clock clock, Settings settings) {
		this(registry, clock, settings, Tenants.ONE);
	}

	/**
	 * Protection mode that counts losses per tenant.
	 * @param registry the registry
	 * @param clock the registry's clock
	 * @param settings how it decides
	 * @param tenants who may write which service
	 */
	public ProtectionMode(Registry registry, Clock clock, Settings settings, Tenants tenants) {
		this.registry = registry;
		this.clock = clock;
		this.settings = settings;
		this.tenantSizes = new TenantSizes(registry, tenants);
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
		String key = key(instance.service(), instance.id());
		boolean swept = sweep(now);
		if (this.held.forgetOutlasted(key)) {
			// Held as long as allowed: it goes now, and its loss was counted when it was first held.
			if (removal) {
				this.tenantSizes.removed(this.tenantSizes.tenantOf(instance.service()));
			}
			changed();
			return true;
		}
		String tenant = this.tenantSizes.tenantOf(instance.service());
		LossWindow service = this.windows.service(instance.service());
		LossWindow owner = this.windows.tenant(tenant);
		Instant cutoff = now.minus(this.settings.window());
		service.prune(cutoff);
		owner.prune(cutoff);
		int serviceSize = this.registry.instanceCount(instance.service()) + service.removals();
		int tenantSize = this.tenantSizes.registered(tenant) + owner.removals();
		boolean heldByService = service.hold(instance.id(), serviceSize, this.settings.minInstances(), now, removal,
				this.settings);
		boolean heldByTenant = owner.hold(key, tenantSize, this.settings.minRegistryInstances(), now, removal,
				this.settings);
		if (heldByService || heldByTenant) {
			boolean newlyHeld = this.held.hold(instance.service(), instance.id(), tenant, now);
			// Held instances are asked about again on every expiry run and check: only news is published.
			if (swept || newlyHeld) {
				changed();
			}
			return false;
		}
		this.held.release(key);
		if (removal) {
			this.tenantSizes.removed(tenant);
		}
		service.record(now, removal);
		owner.record(now, removal);
		changed();
		return true;
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
			String key = key(service, instanceId);
			Hold hold = this.held.get(key);
			if (hold == null) {
				return;
			}
			if (this.windows.release(service, hold.tenant(), instanceId, expiredOnly)) {
				this.held.release(key);
				changed();
			}
		}
	}

	/**
	 * Lets go of every instance held for {@link Settings#maxHold()} or longer: a network failure that long is not
	 * ridden out by holding, and an instance no one asks about again (removed meanwhile) must not stay held.
	 */
	private boolean sweep(Instant now) {
		List<Hold> due = this.held.outlast(now.minus(this.settings.maxHold()));
		for (Hold hold : due) {
			this.windows.release(hold.service(), hold.tenant(), hold.id(), false);
		}
		if (!due.isEmpty()) {
			logger.warn("Protection mode let go of " + due.size() + " instance(s) held for "
					+ Durations.format(this.settings.maxHold()) + " (discovery.server.protection.max-hold), such as "
					+ key(due.get(0).service(), due.get(0).id()));
		}
		return !due.isEmpty();
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
		if (change.removal() || change.kind() == RegistryChange.Kind.REGISTERED || reregistered) {
			forgetOutlasted(key(change.service(), change.instanceId()));
		}
	}

	private void forgetOutlasted(String key) {
		if (!this.outlastedAny) {
			return;
		}
		synchronized (this) {
			this.held.forgetOutlasted(key);
			this.outlastedAny = this.held.anyOutlasted();
		}
	}

	/**
	 * What is protected now. Holds kept for {@link Settings#maxHold()} end here too, so the report never shows one.
	 * @return the report
	 */
	public synchronized ProtectionReport report() {
		if (sweep(this.clock.instant())) {
			changed();
		}
		return current();
	}

	/**
	 * Whether an instance is held now (its loss was refused and may be refused again).
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return {@code true} while protection mode holds it
	 */
	public boolean holds(String service, String instanceId) {
		if (!this.holding) {
			return false;
		}
		synchronized (this) {
			if (sweep(this.clock.instant())) {
				changed();
			}
			return this.held.contains(key(service, instanceId));
		}
	}

	private ProtectionReport current() {
		List<ProtectionReport.Scope> scopes = this.windows.serviceScopes();
		List<ProtectionReport.Scope> owners = this.windows.tenantScopes();
		ProtectionReport.Scope everyone = owners.stream().filter((scope) -> scope.name().equals(REGISTRY_SCOPE))
			.findFirst().orElse(null);
		owners.remove(everyone);
		return new ProtectionReport(this.settings.enabled(), this.settings.threshold(),
				Durations.format(this.settings.window()), Durations.format(this.settings.maxHold()), everyone, owners,
				scopes);
	}

	private void changed() {
		this.windows.prune(this.clock.instant().minus(this.settings.window()));
		this.holding = !this.held.isEmpty();
		this.outlastedAny = this.held.anyOutlasted();
		this.observer.accept(current());
	}

	static String key(String service, String instanceId) {
		return service + "/" + instanceId;
	}

	/**
	 * How protection mode decides.
	 *
	 * @param enabled whether it may start at all
	 * @param threshold the share of instances (0-1) that may fail or expire within the window; more starts it
	 * @param window how far back losses count
	 * @param minInstances services with fewer instances are never protected on their own
	 * @param minRegistryInstances tenants (the whole registry without tokens) with fewer instances are never
	 * protected as a whole
	 * @param maxHold the longest an instance is held; then it is let go, and not counted as a new loss
	 */
	public record Settings(boolean enabled, double threshold, Duration window, int minInstances,
			int minRegistryInstances, Duration maxHold) {

		/** On, half of the instances within 30 seconds, services of three or more, tenants of ten or more, 2m holds. */
		public static Settings defaults() {
			return new Settings(true, 0.5, Duration.ofSeconds(30), 3, 10, Duration.ofMinutes(2));
		}

	}

}
