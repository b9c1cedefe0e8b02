package dev.discovery.server.epoch;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.server.DiscoveryServerApplication;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry that loaded instances before it served says it restored its state; one that started empty warms up.
 * Each process has its own epoch.
 */
class EpochIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void registryThatRestoredItsStateShouldSaySoAndOneStartedEmptyShouldWarmUp() {
		Path file = this.dir.resolve("snapshot.json");
		String first;
		try (ConfigurableApplicationContext context = start("--discovery.server.snapshot.path=" + file)) {
			context.getBean(Registry.class).register("pay", "p-1", Registrations.spec("10.0.0.1", 8080));
			first = context.getBean(RegistryEpoch.class).id();
		}
		try (ConfigurableApplicationContext context = start("--discovery.server.snapshot.path=" + file)) {
			RegistryEpoch epoch = context.getBean(RegistryEpoch.class);
			assertThat(epoch.restored()).isTrue();
			assertThat(epoch.warmingUp()).isFalse();
			assertThat(epoch.id()).as("a new process is a new epoch").isNotEqualTo(first);
		}
		try (ConfigurableApplicationContext context = start("--discovery.server.snapshot.enabled=false")) {
			RegistryEpoch epoch = context.getBean(RegistryEpoch.class);
			assertThat(epoch.restored()).isFalse();
			assertThat(epoch.warmingUp()).isTrue();
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
