package dev.discovery.client.watch;

import java.util.concurrent.atomic.AtomicReference;

import dev.discovery.client.test.StubRegistry;
import dev.discovery.client.test.TestApps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch keeps the view live until the application has drained: requests still being served during graceful
 * shutdown may call other services.
 */
class WatchLifecycleIntegrationTests {

	private final StubRegistry stub = StubRegistry.start();

	@AfterEach
	void stop() {
		this.stub.close();
	}

	@Test
	void watchShouldStillRunWhileTheWebServerDrains() {
		ConfigurableApplicationContext context = TestApps.start(WebApplicationType.SERVLET,
				new Class<?>[] { DrainProbe.class }, "--spring.application.name=order-service",
				"--discovery.registry.url=" + this.stub.url());
		DrainProbe probe = context.getBean(DrainProbe.class);
		context.close();
		assertThat(probe.watchRunningWhileDraining.get()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class DrainProbe {

		final AtomicReference<Boolean> watchRunningWhileDraining = new AtomicReference<>();

		/** Stops in the web server's graceful-shutdown phase, as in-flight requests do. */
		@Bean
		SmartLifecycle drainingRequests(ApplicationContext context) {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					this.running = true;
				}

				@Override
				public void stop() {
					DrainProbe.this.watchRunningWhileDraining.set(context.getBean(RegistryWatch.class).isRunning());
					this.running = false;
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
				}

			};
		}

	}

}
