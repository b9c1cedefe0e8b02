package dev.discovery.client.health;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeResponseTests {

	private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();

	@Test
	void readyAndLiveShouldAnswerUp() {
		set(ReadinessState.ACCEPTING_TRAFFIC, LivenessState.CORRECT);
		for (Probe probe : Probe.values()) {
			assertThat(respond(probe)).isEqualTo(new ProbeResponse(200, Map.of("status", "UP")));
		}
	}

	@Test
	void refusingTrafficShouldAnswerOutOfServiceOnReadiness() {
		set(ReadinessState.REFUSING_TRAFFIC, LivenessState.CORRECT);
		assertThat(respond(Probe.READY)).isEqualTo(new ProbeResponse(503, Map.of("status", "OUT_OF_SERVICE")));
		assertThat(respond(Probe.LIVE).status()).isEqualTo(200);
	}

	@Test
	void brokenShouldAnswerDownOnLiveness() {
		set(ReadinessState.ACCEPTING_TRAFFIC, LivenessState.BROKEN);
		assertThat(respond(Probe.LIVE)).isEqualTo(new ProbeResponse(503, Map.of("status", "DOWN")));
		assertThat(respond(Probe.HEALTH).status()).isEqualTo(503);
	}

	private void set(ReadinessState readiness, LivenessState liveness) {
		this.availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, readiness));
		this.availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, liveness));
	}

	private ProbeResponse respond(Probe probe) {
		return ProbeResponse.fromAvailability(probe, (ApplicationAvailability) this.availability);
	}

}
