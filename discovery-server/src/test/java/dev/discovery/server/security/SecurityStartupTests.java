package dev.discovery.server.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.discovery.server.DiscoveryServerApplication;

import static org.assertj.core.api.Assertions.assertThatException;

class SecurityStartupTests {

	@Test
	void requireAuthWithoutTokensShouldRefuseToStart() {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(DiscoveryServerApplication.class).run("--server.port=0",
					"--spring.jmx.enabled=false", "--discovery.server.snapshot.enabled=false",
					"--discovery.server.security.require-auth=true"))
			.withStackTraceContaining("require-auth is true but no tokens are configured");
	}

}
