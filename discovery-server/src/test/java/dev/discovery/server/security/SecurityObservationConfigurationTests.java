package dev.discovery.server.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.config.observation.SecurityObservationSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security is told its observations are off exactly when the management property switches them off.
 */
class SecurityObservationConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SecurityObservationConfiguration.class);

	@Test
	void observationsSwitchedOffShouldKeepSpringSecurityFromObservingRequests() {
		this.runner.withPropertyValues("management.observations.enable.spring.security=false")
			.run((context) -> assertThat(context.getBean(SecurityObservationSettings.class)).satisfies((settings) -> {
				assertThat(settings.shouldObserveRequests()).isFalse();
				assertThat(settings.shouldObserveAuthentications()).isFalse();
				assertThat(settings.shouldObserveAuthorizations()).isFalse();
			}));
	}

	@Test
	void observationsSwitchedOnOrNotMentionedShouldLeaveSpringSecurityAlone() {
		this.runner.withPropertyValues("management.observations.enable.spring.security=true")
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityObservationSettings.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(SecurityObservationSettings.class));
	}

}
