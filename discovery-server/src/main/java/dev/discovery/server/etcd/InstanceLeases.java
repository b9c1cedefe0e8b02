package dev.discovery.server.etcd;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.RegisteredInstance;

/**
 * Each instance's etcd lease as the mirror last saw it, its renewals, and the expiry run's part: looking up the
 * leases of owned instances no heartbeat reached here for a TTL and asking the guard when one is about to run out.
 */
final class InstanceLeases {

	/** A lease with this many seconds left or fewer is about to run out: the guard decides now. */
	private static final long EXPIRY_NOTICE_SECONDS = 2;

	private final LeaseRenewals renewals;

	private final Supplier<Lease> client;

	private final Duration timeout;

	/** Each instance's etcd lease, as the mirror last saw it. */
	private final Map<String, Long> leases = new ConcurrentHashMap<>();

	/** When to look up again the lease of an owned instance whose heartbeats go to another replica. */
	private final Map<String, Long> nextLeaseCheck = new ConcurrentHashMap<>();

	/** Owned instances whose expiry the guard allowed: their expiry is not judged again when etcd reports it. */
	private final Set<String> askedToExpire = ConcurrentHashMap.newKeySet();

	InstanceLeases(LeaseRenewals renewals, Supplier<Lease> client, Duration timeout) {
		this.renewals = renewals;
		this.client = client;
		this.timeout = timeout;
	}

	static String key(String service, String instanceId) {
		return service + "/" + instanceId;
	}

	/** The instance's lease as last seen, or {@code null} if it is not known here. */
	@Nullable Long lease(String service, String instanceId) {
		return this.leases.get(key(service, instanceId));
	}

	/** Notes an instance's lease as read from etcd. */
	void known(String service, String instanceId, long lease) {
		this.leases.put(key(service, instanceId), lease);
	}

	/**
	 * The mirror saw the instance's key written: its expiry is judged afresh, and a lease it left is forgotten.
	 * @param service the service
	 * @param instanceId the instance id
	 * @param lease the lease the key is attached to now
	 */
	void written(String service, String instanceId, long lease) {
		String key = key(service, instanceId);
		this.nextLeaseCheck.remove(key);
		this.askedToExpire.remove(key);
		Long old = this.leases.put(key, lease);
		if (old != null && old != lease) {
			this.renewals.forget(old);
		}
	}

	/**
	 * The mirror saw the instance's key deleted: its lease is forgotten.
	 * @param service the service
	 * @param instanceId the instance id
	 * @return whether the guard had allowed its expiry here (it is not judged again)
	 */
	boolean deleted(String service, String instanceId) {
		String key = key(service, instanceId);
		Long lease = this.leases.remove(key);
		if (lease != null) {
			this.renewals.forget(lease);
		}
		this.nextLeaseCheck.remove(key);
		return this.askedToExpire.remove(key);
	}

	/**
	 * Renews the instance's lease: on a heartbeat, within the renewals' slack, or at once.
	 * @param instance the instance
	 * @param now whether to renew at once, whatever was asked before
	 */
	void renew(RegisteredInstance instance, boolean now) {
		Long lease = lease(instance.service(), instance.id());
		if (lease == null) {
			return;
		}
		if (now) {
			this.renewals.renewNow(lease, instance.spec().leaseTtl());
		}
		else {
			this.renewals.heartbeat(lease, instance.spec().leaseTtl());
		}
	}

	/**
	 * The expiry run over the instances this replica owns: those protection holds are renewed; one that no
	 * heartbeat reached here for a TTL has its lease looked up in etcd (a leader read, no Raft write), and when
	 * the lease is about to run out the guard decides: renewed, or left to etcd to expire.
	 * @param owned the instances this replica owns
	 * @param held what protection mode holds, or {@code null}
	 * @param now the registry's time
	 * @param guard the expiry guard
	 */
	void expire(List<RegisteredInstance> owned, @Nullable Predicate<RegisteredInstance> held, Instant now,
			ExpiryGuard guard) {
		long nanos = System.nanoTime();
		Map<RegisteredInstance, CompletableFuture<LeaseTimeToLiveResponse>> lookups = new HashMap<>();
		for (RegisteredInstance instance : owned) {
			String key = key(instance.service(), instance.id());
			if (held != null && held.test(instance)) {
				renew(instance, false);
			}
			else if (instance.expired(now) && this.nextLeaseCheck.getOrDefault(key, 0L) - nanos <= 0
					&& this.leases.containsKey(key) && !this.askedToExpire.contains(key)) {
				lookups.put(instance, this.client.get().timeToLive(this.leases.get(key), LeaseOption.DEFAULT));
			}
		}
		lookups.forEach((instance, lookup) -> judge(instance, lookup, guard, nanos));
	}

	private void judge(RegisteredInstance instance, CompletableFuture<LeaseTimeToLiveResponse> lookup,
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

}
