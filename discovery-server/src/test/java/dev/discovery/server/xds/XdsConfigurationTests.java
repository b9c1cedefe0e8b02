package dev.discovery.server.xds;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import dev.discovery.server.DiscoveryServerApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Switching the control plane off, what a taken port says, and the publish interval's bounds.
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

	@Test
	void aPublishIntervalOutOfRangeShouldFailStartupNamingTheProperty() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withUserConfiguration(PropertiesOnly.class);
		runner.withPropertyValues("discovery.server.xds.publish-interval=20ms")
			.run((context) -> assertThat(context.getBean(XdsProperties.class).getPublishInterval())
				.isEqualTo(Duration.ofMillis(20)));
		for (String value : new String[] { "-1ms", "2s" }) {
			runner.withPropertyValues("discovery.server.xds.publish-interval=" + value)
				.run((context) -> assertThat(context).getFailure()
					.hasStackTraceContaining("discovery.server.xds.publish-interval")
					.hasStackTraceContaining("must be between 0 and 1000ms"));
		}
	}

	@EnableConfigurationProperties(XdsProperties.class)
	static class PropertiesOnly {

	}

	private static ConfigurableApplicationContext run(String... extra) {
		String[] args = new String[ARGS.length + extra.length];
		System.arraycopy(ARGS, 0, args, 0, ARGS.length);
		System.arraycopy(extra, 0, args, ARGS.length, extra.length);
		return new SpringApplicationBuilder(DiscoveryServerApplication.class).run(args);
	}

}
