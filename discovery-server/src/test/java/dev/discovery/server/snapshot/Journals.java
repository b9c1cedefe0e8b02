package dev.discovery.server.snapshot;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.store.MemoryStore;

/**
 * Settings and validation for journals in tests.
 */
final class Journals {

	static final RegistrationValidator VALIDATOR = new RegistrationValidator(new LeaseProperties(),
			new LimitsProperties(), HealthCheckDefaults.standard());

	private Journals() {
	}

	static SnapshotProperties settings(Path dir) {
		SnapshotProperties settings = new SnapshotProperties();
		settings.setPath(dir.resolve("registry-snapshot.json"));
		return settings;
	}

	/**
	 * A memory store (100 instances at most) on a journal, recovered from what the journal saved.
	 * @param clock the store's clock
	 * @param journal its journal
	 * @return the recovered store
	 */
	static MemoryStore recovered(Clock clock, FileJournal journal) {
		MemoryStore store = new MemoryStore(clock, 100, 100, journal);
		store.recover();
		return store;
	}

	/**
	 * Registers an instance of {@code pay} with a 30 s lease.
	 * @param store the store
	 * @param id the instance id
	 */
	static void register(MemoryStore store, String id) {
		store.register("pay", id, Registrations.spec("10.0.0.1", 8080, Duration.ofSeconds(30)));
	}

}
