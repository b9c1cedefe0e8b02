package dev.discovery.client.autoconfigure;

import dev.discovery.client.health.ActuatorProbeResponder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryHealthEndpointsAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations
		.of(ApplicationAvailabilityAutoConfiguration.class, DiscoveryHealthEndpointsAutoConfiguration.class);

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	@Test
	void servletApplicationShouldGetTheRoutes() {
		this.servlet.run((context) -> assertThat(context).hasBean("discoveryHealthRoutes"));
	}

	@Test
	void reactiveApplicationShouldGetTheRoutes() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasBean("discoveryHealthRoutes"));
	}

	@Test
	void withActuatorTheProbesShouldAnswerLikeActuator() {
		this.servlet.run((context) -> assertThat(context).hasSingleBean(ActuatorProbeResponder.class));
	}

	@Test
	void withoutActuatorTheRoutesShouldStillBeServed() {
		this.servlet.withClassLoader(new FilteredClassLoader(HealthEndpointWebExtension.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("discoveryHealthRoutes")
				.doesNotHaveBean(ActuatorProbeResponder.class));
	}

	@Test
	void switchedOffShouldServeNothing() {
		this.servlet.withPropertyValues("discovery.health-endpoints.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("discoveryHealthRoutes"));
	}

	@Test
	void discoveryDisabledShouldServeNothing() {
		this.servlet.withPropertyValues("discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("discoveryHealthRoutes"));
	}

	@Test
	void springCloudDiscoveryDisabledShouldServeNothing() {
		this.servlet.withPropertyValues("spring.cloud.discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("discoveryHealthRoutes"));
	}

	@Test
	void nonWebApplicationShouldServeNothing() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).doesNotHaveBean("discoveryHealthRoutes"));
	}

	@Test
	void userRoutesShouldWin() {
		this.servlet.withBean("discoveryHealthRoutes", String.class, () -> "mine")
			.run((context) -> assertThat(context.getBean("discoveryHealthRoutes")).isEqualTo("mine"));
	}

}
