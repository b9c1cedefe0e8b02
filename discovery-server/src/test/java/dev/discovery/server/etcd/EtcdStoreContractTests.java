package dev.discovery.server.etcd;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.discovery.server.cluster.EtcdClusterExtension;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.DurableRegistryContractTests;

/**
 * The store contract on the etcd store, against a real three-member etcd cluster: each test gets a store of its
 * own under a prefix of its own, and time passes for real (etcd measures leases itself).
 */
class EtcdStoreContractTests extends DurableRegistryContractTests {

	@RegisterExtension
	static final EtcdClusterExtension etcd = new EtcdClusterExtension(3);

	private static final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private static final AtomicInteger stores = new AtomicInteger();

	private String prefix;

	private int maxPerService;

	private int maxTotal;

	@AfterAll
	static void stopScheduler() {
		scheduler.shutdownNow();
	}

	@Override
	protected Registry createRegistry(int maxPerService, int maxTotal) {
		this.prefix = "/contract-" + stores.incrementAndGet() + "-" + UUID.randomUUID();
		this.maxPerService = maxPerService;
		this.maxTotal = maxTotal;
		return start();
	}

	private EtcdStore start() {
		List<URI> endpoints = Arrays.stream(etcd.cluster().endpoints().split(",")).map(URI::create).toList();
		Client client = Client.builder().endpoints(endpoints).build();
		// Lease renewals on etcd's leader, as a replica sends them.
		LeaderLeases leader = new LeaderLeases(client, endpoints,
				(endpoint) -> Client.builder().endpoints(endpoint).build(), Duration.ofSeconds(5));
		EtcdStore store = new EtcdStore(client, leader, new EtcdStoreSettings(this.prefix, UUID.randomUUID().toString(),
				"contract-tests", Duration.ofSeconds(2), Duration.ofSeconds(5), this.maxPerService, this.maxTotal),
				Clock.systemUTC(), scheduler);
		try {
			store.start();
		}
		catch (Exception ex) {
			store.close();
			throw new IllegalStateException(ex);
		}
		return store;
	}

	@Override
	protected void elapse(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A replica that goes away and a new one over the same prefix; the state is etcd's. */
	@Override
	protected Registry crashAndRestart(Registry current) {
		close(current);
		EtcdStore restarted = start();
		restarted.addListener(this.recorder);
		return restarted;
	}

	@Override
	protected void close(Registry store) {
		((EtcdStore) store).close();
	}

	@Override
	protected int[] concurrency() {
		// Every registration is two Raft writes: fewer, so the run ends well within the leases' TTL.
		return new int[] { 4, 20 };
	}

}
