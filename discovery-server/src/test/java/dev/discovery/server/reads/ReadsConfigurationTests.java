package dev.discovery.server.reads;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.MutableClock;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

class ReadsConfigurationTests {

	private final MemoryStore registry = new MemoryStore(new MutableClock());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ReadsConfiguration.class)
		.withBean(Registry.class, () -> this.registry)
		.withBean(RegistryEpoch.class, () -> RegistryEpoch.random(Duration.ofSeconds(15)))
		.withBean("handlerExceptionResolver", HandlerExceptionResolver.class,
				() -> (request, response, handler, ex) -> null);

	ReadsConfigurationTests() {
		this.registry.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080));
	}

	@Test
	void theCompactListShouldLeaveOutDefaultsUnlessTheSettingSaysToWriteThem() {
		this.runner.run((context) -> assertThat(compact(context.getBean(InstanceLists.class)))
			.doesNotContain("\"service\"", "\"status\""));
		this.runner.withPropertyValues("discovery.server.reads.omit-defaults=false")
			.run((context) -> assertThat(compact(context.getBean(InstanceLists.class)))
				.contains("\"service\":\"pay\"", "\"status\":\"UP\"", "\"secure\":false"));
	}

	private static String compact(InstanceLists lists) {
		return new String(lists.answer("pay", true, false).body(), StandardCharsets.UTF_8);
	}

}
