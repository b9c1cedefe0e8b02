package dev.discovery.server.epoch;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.server.DiscoveryServerApplication;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.snapshot.SnapshotStore;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry that loaded instances before it served says it restored its state; one that started empty warms up.
 * Each process has its own epoch.
 */
class EpochIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void registryStartedFromASnapshotShouldSayItRestoredItsState() {
		Path file = this.dir.resolve("snapshot.json");
		Registry saved = new MemoryStore(Clock.systemUTC());
		saved.register("pay", "p-1", Registrations.spec("10.0.0.1", 8080));
		new SnapshotStore(() -> saved, file, Clock.systemUTC()).save();
		String first;
		try (ConfigurableApplicationContext context = start("--discovery.server.snapshot.path=" + file)) {
			RegistryEpoch epoch = context.getBean(RegistryEpoch.class);
			assertThat(epoch.restored()).isTrue();
			assertThat(epoch.warmingUp()).isFalse();
			first = epoch.id();
		}
		try (ConfigurableApplicationContext context = start("--discovery.server.snapshot.enabled=false")) {
			RegistryEpoch epoch = context.getBean(RegistryEpoch.class);
			assertThat(epoch.restored()).isFalse();
			assertThat(epoch.warmingUp()).isTrue();
			assertThat(epoch.id()).isNotEqualTo(first);
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 4];
		all[0] = "--server.port=0";
		all[1] = "--server.address=127.0.0.1";
		all[2] = "--spring.jmx.enabled=false";
		all[3] = "--discovery.server.dns.port=0";
		System.arraycopy(args, 0, all, 4, args.length);
		return SpringApplication.run(DiscoveryServerApplication.class, all);
	}

}
