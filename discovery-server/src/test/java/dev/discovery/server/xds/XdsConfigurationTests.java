package dev.discovery.server.xds;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.server.DiscoveryServerApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Switching the control plane off, and what a taken port says.
 */
class XdsConfigurationTests {

	private static final String[] ARGS = { "--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
			"--discovery.server.snapshot.enabled=false" };

	@Test
	void disabledControlPlaneShouldOpenNoPort() {
		try (ConfigurableApplicationContext registry = run("--discovery.server.xds.enabled=false")) {
			assertThat(registry.getBeansOfType(XdsServer.class)).isEmpty();
		}
	}

	@Test
	void aTakenPortShouldFailStartupNamingTheProperty() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatException().isThrownBy(() -> run("--discovery.server.xds.port=" + taken.getLocalPort()).close())
				.withStackTraceContaining("discovery.server.xds.port");
		}
	}

	private static ConfigurableApplicationContext run(String... extra) {
		String[] args = new String[ARGS.length + extra.length];
		System.arraycopy(ARGS, 0, args, 0, ARGS.length);
		System.arraycopy(extra, 0, args, ARGS.length, extra.length);
		return new SpringApplicationBuilder(DiscoveryServerApplication.class).run(args);
	}

}
