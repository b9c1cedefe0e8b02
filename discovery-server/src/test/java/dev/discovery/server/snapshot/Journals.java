package dev.discovery.server.snapshot;

import java.nio.file.Path;

import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.registry.RegistrationValidator;

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

}
