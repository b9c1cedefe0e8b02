package dev.discovery.test;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The kit needs no Spring in the test: where no Spring class can be loaded, a registry starts, takes a fake and
 * expires its lease when the clock moves.
 */
class WithoutSpringTests {

	@Test
	@SuppressWarnings("unchecked")
	void registryAndFakesShouldWorkWithNoSpringOnTheClassPath() throws Exception {
		try (URLClassLoader withoutSpring = new URLClassLoader(classPathWithoutSpring(),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> withoutSpring.loadClass("org.springframework.context.ApplicationContext"));
			Callable<String> scenario = (Callable<String>) withoutSpring.loadClass(Scenario.class.getName())
				.getDeclaredConstructor()
				.newInstance();
			assertThat(scenario.call()).isEqualTo("registered, then expired");
		}
	}

	private static URL[] classPathWithoutSpring() throws Exception {
		List<URL> urls = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!entry.replace(File.separatorChar, '/').contains("/org/springframework/")) {
				urls.add(Path.of(entry).toUri().toURL());
			}
		}
		return urls.toArray(URL[]::new);
	}

	/** What a plain JUnit test does, run in the class loader without Spring. */
	public static final class Scenario implements Callable<String> {

		@Override
		public String call() {
			try (TestRegistry registry = TestRegistry.start()) {
				FakeInstance payment = registry.registerFake("payment-service");
				String registered = (registry.instance("payment-service", payment.instanceId()) != null) ? "registered"
						: "not registered";
				payment.stopHeartbeats();
				registry.advance(Duration.ofSeconds(16));
				return registered + ", then " + ((payment.view() == null) ? "expired" : "still there");
			}
		}

	}

}
